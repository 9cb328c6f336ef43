import dev.torsion.reactor.*;
import java.nio.ByteBuffer;

/** A raw TCP echo server in a dozen lines: run with `java -cp torsion-core/target/classes examples/TcpEcho.java`. */
public class TcpEcho {
    public static void main(String[] args) throws Exception {
        Reactor reactor = Reactor.create();
        reactor.listenTcp("127.0.0.1", 8000, remote -> new Protocol() {
            Transport transport;
            public void connectionMade(Transport t) { transport = t; }
            public void dataReceived(ByteBuffer data) {
                transport.write(ByteBuffer.allocate(data.remaining()).put(data).flip());
            }
            public void connectionLost(Throwable reason) { }
        });
        System.out.println("echoing on 127.0.0.1:8000 (try: nc 127.0.0.1 8000)");
        reactor.run();
    }
}

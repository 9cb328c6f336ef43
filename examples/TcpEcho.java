import dev.torsion.reactor.*;
import java.nio.ByteBuffer;

/** A raw TCP echo server in a dozen lines: run with `java -cp torsion-core/target/classes examples/TcpEcho.java [PORT]`. */
public class TcpEcho {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        Reactor reactor = Reactor.create();
        ListeningPort listening = reactor.listenTcp("127.0.0.1", port, remote -> new Protocol() {
            Transport transport;
            public void connectionMade(Transport t) { transport = t; }
            public void dataReceived(ByteBuffer data) {
                transport.write(ByteBuffer.allocate(data.remaining()).put(data).flip());
            }
            public void connectionLost(Throwable reason) { }
        });
        System.out.println("echoing on 127.0.0.1:" + listening.port() + " (try: nc 127.0.0.1 " + listening.port() + ")");
        reactor.run();
    }
}

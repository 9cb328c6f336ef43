package dev.torsion.protocols;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protocol that splits its input into lines (Twisted's {@code LineReceiver}): subclasses implement
 * {@link #lineReceived(String)} and get each complete line, without its delimiter, whatever way TCP cut the
 * bytes. Lines end with LF; a CR before the LF is dropped. A line longer than {@link #maxLineLength()}
 * bytes calls {@link #lineLengthExceeded()}, which by default closes the connection.
 *
 * <p><b>Threading.</b> Like every protocol, called on its connection's event loop only.
 *
 * <p><b>Lifecycle.</b> One instance per connection; bytes of an unfinished line are kept between reads and
 * dropped when the connection ends.
 */
public abstract class LineReceiver implements Protocol {

    /** The connection; set by {@link #connectionMade}. */
    protected Transport transport;
    private byte[] partial = new byte[0];
    private int partialLength;

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public final void dataReceived(ByteBuffer data) {
        while (data.hasRemaining() && transport.isOpen()) {
            int newline = indexOf(data, (byte) '\n');
            if (newline < 0) {
                int n = data.remaining();
                if (partialLength + n > maxLineLength()) {
                    partialLength = 0;
                    lineLengthExceeded();
                    return;
                }
                append(data, n);
                return;
            }
            int n = newline - data.position();
            if (partialLength + n > maxLineLength() + 1) {
                partialLength = 0;
                data.position(newline + 1);
                lineLengthExceeded();
                continue;
            }
            String line;
            if (partialLength == 0) {
                line = decode(data, n);
            } else {
                append(data, n);
                line = decode(ByteBuffer.wrap(partial, 0, partialLength), partialLength);
                partialLength = 0;
            }
            data.get(); // the LF
            lineReceived(line);
        }
    }

    /** Writes {@code line} followed by CR LF. */
    public void sendLine(String line) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        transport.write(ByteBuffer.wrap(bytes));
    }

    /** Called with each complete line, decoded as UTF-8, without its line ending. */
    protected abstract void lineReceived(String line);

    /** The longest line accepted, in bytes; 16 KiB unless overridden. */
    protected int maxLineLength() {
        return 16 * 1024;
    }

    /** A line grew past {@link #maxLineLength()}; by default the connection is closed. */
    protected void lineLengthExceeded() {
        transport.loseConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
        partial = new byte[0];
        partialLength = 0;
    }

    /** True if the connection ended in an orderly way. */
    protected static boolean wasClean(Throwable reason) {
        return reason instanceof ConnectionDone;
    }

    private static int indexOf(ByteBuffer data, byte b) {
        for (int i = data.position(), end = data.limit(); i < end; i++) {
            if (data.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer data, int n) {
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2 + 16));
        }
        data.get(partial, partialLength, n);
        partialLength += n;
    }

    private static String decode(ByteBuffer data, int n) {
        int end = n;
        if (end > 0 && data.get(data.position() + end - 1) == '\r') {
            end--;
        }
        byte[] bytes = new byte[end];
        data.get(bytes);
        if (end < n) {
            data.get(); // the CR
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

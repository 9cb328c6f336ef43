package dev.torsion.reactor;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A part of a file queued on a {@link TcpConnection} for zero-copy sending with
 * {@link FileChannel#transferTo}. Loop thread only; lives until sent or the connection closes.
 */
final class FileRegion {

    private final FileChannel file;
    private long position;
    private long remaining;
    final CompletableFuture<Void> result;

    FileRegion(FileChannel file, long position, long count, CompletableFuture<Void> result) {
        this.file = file;
        this.position = position;
        this.remaining = count;
        this.result = result;
    }

    /** Sends what the socket takes now; returns the number of bytes sent. */
    long transferTo(WritableByteChannel socket) throws IOException {
        if (remaining > 0 && position >= file.size()) {
            IOException early = new EOFException("sendFile: the file ended " + remaining + " bytes early");
            result.completeExceptionally(early);
            throw early;
        }
        long n = file.transferTo(position, remaining, socket);
        position += n;
        remaining -= n;
        return n;
    }

    long remaining() {
        return remaining;
    }

    boolean isDone() {
        return remaining == 0;
    }
}

package dev.torsion.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends a region of a file as a response body. On plain TCP the region goes out with zero copy
 * ({@code FileChannel.transferTo}, through {@link Request#sendFile}); otherwise (TLS, tests) chunk by chunk,
 * following the connection's flow control:
 * it writes while the transport is writable, pauses when it is not, resumes when it drains, and finishes the
 * request at the end. If the file turns out shorter than announced, the request's finish finds the body
 * short of its Content-Length and the connection is aborted rather than left hanging.
 *
 * <p><b>Threading.</b> Every method runs on the connection's loop (it is a registered {@link Producer}).
 *
 * <p><b>Lifecycle.</b> Owns the file channel from construction until the region is sent or the connection is
 * lost, and closes it then.
 */
final class FileSender implements Producer {

    private static final System.Logger LOG = System.getLogger("dev.torsion.web");
    static final int CHUNK = 64 * 1024;

    private final Request request;
    private final FileChannel file;
    private long position;
    private long remaining;
    private boolean paused;
    private boolean sending;
    private boolean done;

    FileSender(Request request, FileChannel file, long position, long length) {
        this.request = request;
        this.file = file;
        this.position = position;
        this.remaining = length;
    }

    @Override
    public void resumeProducing() {
        paused = false;
        if (sending || done) {
            return;
        }
        if (remaining > 0 && request.supportsSendFile()) {
            sendWithZeroCopy();
            return;
        }
        sending = true;
        boolean failed = false;
        try {
            while (!paused && remaining > 0 && request.isWritable() && !request.isFinished()) {
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, remaining));
                int n = file.read(chunk, position);
                if (n <= 0) {
                    LOG.log(System.Logger.Level.WARNING, "file shorter than announced while answering " + request);
                    failed = true;
                    break;
                }
                chunk.flip();
                position += n;
                remaining -= n;
                request.write(chunk);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "reading a file failed while answering " + request, e);
            failed = true;
        } finally {
            sending = false;
        }
        if (remaining == 0 || failed) {
            end();
        }
    }

    /** Plain TCP: the whole region goes to the socket with FileChannel.transferTo, no heap copy. */
    private void sendWithZeroCopy() {
        sending = true;
        long count = remaining;
        remaining = 0;
        request.sendFile(file, position, count).whenComplete((ok, error) -> request.scheduler().execute(() -> {
            sending = false;
            if (error != null) {
                LOG.log(System.Logger.Level.DEBUG, "sending a file failed while answering " + request + ": "
                        + error.getMessage());
                stopProducing();
                return;
            }
            end();
        }));
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void stopProducing() {
        done = true;
        closeFile();
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        closeFile();
        request.unregisterProducer();
        request.finish();
    }

    private void closeFile() {
        try {
            file.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a served file failed", e);
        }
    }
}

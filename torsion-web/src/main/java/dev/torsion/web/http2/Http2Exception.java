package dev.torsion.web.http2;

/**
 * A breach of RFC 9113 found in what the peer sent, with its error code and its scope (section 5.4): a
 * connection error ends the whole connection with GOAWAY; a stream error ends one stream with RST_STREAM and
 * the connection goes on. The message says what was wrong; it is logged and may be sent as GOAWAY debug data.
 */
public final class Http2Exception extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int streamId;

    private Http2Exception(ErrorCode code, int streamId, String message) {
        super(message);
        this.code = code;
        this.streamId = streamId;
    }

    /** A connection error: the connection ends with GOAWAY carrying {@code code}. */
    public static Http2Exception connection(ErrorCode code, String message) {
        return new Http2Exception(code, 0, message);
    }

    /** A stream error: stream {@code streamId} is reset with {@code code}; the connection goes on. */
    public static Http2Exception stream(int streamId, ErrorCode code, String message) {
        if (streamId == 0) {
            throw new IllegalArgumentException("a stream error needs a stream, got stream 0");
        }
        return new Http2Exception(code, streamId, message);
    }

    /** The error code to send. */
    public ErrorCode code() {
        return code;
    }

    /** The stream the error ends, or 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    /** True for a connection error. */
    public boolean isConnectionError() {
        return streamId == 0;
    }
}

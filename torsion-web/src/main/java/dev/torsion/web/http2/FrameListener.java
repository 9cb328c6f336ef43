package dev.torsion.web.http2;

import java.nio.ByteBuffer;

/**
 * What {@link FrameReader} reports: one call per complete frame, with the frame-level checks of RFC 9113
 * section 6 already passed (lengths of fixed-size frames, stream 0 or not, padding). The buffers are only
 * valid during the call. Any call may throw an {@link Http2Exception}, which the reader passes on.
 */
interface FrameListener {

    /** DATA: {@code data} without padding; {@code flowLength} is the whole payload, padding included. */
    void data(int streamId, ByteBuffer data, boolean endStream, int flowLength) throws Http2Exception;

    /** HEADERS: a field block fragment; {@code dependency} is the priority's stream, or -1 if none was sent. */
    void headers(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders, int dependency)
            throws Http2Exception;

    /** PRIORITY (deprecated signal, read and checked only). */
    void priority(int streamId, int dependency) throws Http2Exception;

    void rstStream(int streamId, long errorCode) throws Http2Exception;

    /** SETTINGS: each parameter already checked; an acknowledgement has none. */
    void settings(boolean ack, Http2Settings settings) throws Http2Exception;

    void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception;

    void ping(boolean ack, long opaqueData) throws Http2Exception;

    void goAway(int lastStreamId, long errorCode, ByteBuffer debugData) throws Http2Exception;

    /** WINDOW_UPDATE with a non-zero increment. */
    void windowUpdate(int streamId, int increment) throws Http2Exception;

    void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception;

    /** A frame of a type this end does not know (to be ignored, except inside a field block). */
    void unknown(int type, int streamId) throws Http2Exception;
}

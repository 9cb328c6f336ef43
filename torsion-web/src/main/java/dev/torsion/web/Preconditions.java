package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;

import java.util.List;

/**
 * Conditional requests (RFC 9110 section 13): the validators of a resource's current representation, and the
 * evaluation of a request's {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match},
 * {@code If-Modified-Since} and {@code If-Range} against them, in the order of section 13.2.2. It knows nothing
 * of connections or wire formats, so every response path (HTTP/1.1, HTTP/2) uses the same rules.
 *
 * <ol>
 *   <li>{@code If-Match} present: true if {@code *} and the representation exists, or a listed tag matches the
 *       current {@code ETag} by strong comparison; false gives 412.</li>
 *   <li>Otherwise {@code If-Unmodified-Since} (a valid date, the representation has a modification date):
 *       false if it was modified after that date, giving 412.</li>
 *   <li>{@code If-None-Match} present: false if {@code *} and the representation exists, or a listed tag
 *       matches by weak comparison; false gives 304 to GET and HEAD, 412 to other methods.</li>
 *   <li>Otherwise, for GET and HEAD, {@code If-Modified-Since} (a valid date, a modification date known):
 *       false if not modified after that date, giving 304.</li>
 *   <li>For GET with {@code Range}: {@code If-Range} decides whether the range is served
 *       ({@link #rangeApplies}).</li>
 * </ol>
 *
 * <p>Dates are read in all three HTTP-date forms; one that is not a date, or a field sent on more than one
 * line, is ignored (section 13.1.3, 13.1.4). A member of an entity-tag list that is not an entity tag matches
 * nothing. The conditional fields are ignored for CONNECT, OPTIONS and TRACE (section 13.2.1). The caller
 * evaluates only when it would otherwise answer 2xx (section 13.2.1: a 404 stays a 404). A 412 is given even
 * when a state-changing request would have succeeded already; the RFC allows a server that can tell to
 * answer 2xx instead, which is the application's to decide.
 *
 * <p>How a resource uses it: static files ({@link FileResource}) evaluate it before answering. An
 * application resource may call {@link Request#checkPreconditions} before it acts (the way for unsafe methods
 * such as PUT with {@code If-Match}, since the check must come before the change), or simply set
 * {@code ETag} and/or {@code Last-Modified} on a 2xx response to GET or HEAD: the response path then
 * evaluates it before the head goes out ({@link #forResponse}) and answers 304 or 412 in its place.
 *
 * <p><b>Threading.</b> Immutable; evaluation reads only its arguments.
 */
public final class Preconditions {

    /** What the evaluation decided. */
    public enum Outcome {
        /** Perform the method as if no condition had been sent. */
        PROCEED(HttpStatus.OK),
        /** Answer 304 Not Modified (GET and HEAD only). */
        NOT_MODIFIED(HttpStatus.NOT_MODIFIED),
        /** Answer 412 Precondition Failed. */
        PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        /** The status to answer with (200 for {@link #PROCEED}, meaning: whatever the method gives). */
        public int status() {
            return status;
        }
    }

    private static final Preconditions MISSING = new Preconditions(false, null, -1);

    /** The representation metadata that a 304 drops (section 15.4.5 keeps only what guides cache updates). */
    private static final String[] NOT_MODIFIED_DROPS = {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Range", "Transfer-Encoding",
    };

    /** Header fields that describe the representation, dropped when a 412 replaces it. */
    private static final String[] REPRESENTATION_FIELDS = {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Range", "Content-Location",
        "Content-Disposition", "Transfer-Encoding", "ETag", "Last-Modified",
    };

    private final boolean exists;
    private final EntityTag etag;
    private final long lastModified;

    private Preconditions(boolean exists, EntityTag etag, long lastModified) {
        this.exists = exists;
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /**
     * An existing representation with these validators.
     *
     * @param etag               its {@code ETag} field value ({@code "x"} or {@code W/"x"}), or null if it has none
     * @param lastModifiedSecond its modification time in seconds since the epoch, or -1 if it has none
     * @throws IllegalArgumentException if {@code etag} is not an entity tag
     */
    public static Preconditions of(String etag, long lastModifiedSecond) {
        EntityTag tag = null;
        if (etag != null) {
            tag = EntityTag.parse(etag);
            if (tag == null) {
                throw new IllegalArgumentException("not an entity tag (it needs its quotes): " + etag);
            }
        }
        return new Preconditions(true, tag, lastModifiedSecond < 0 ? -1 : lastModifiedSecond);
    }

    /** A resource with no current representation (yet): {@code If-Match: *} fails, {@code If-None-Match: *} holds. */
    public static Preconditions missing() {
        return MISSING;
    }

    /** True if {@code headers} hold any of the four fields that {@link #evaluate} reads. */
    public static boolean isConditional(HttpHeaders headers) {
        return headers.contains("If-Match") || headers.contains("If-None-Match")
                || headers.contains("If-Modified-Since") || headers.contains("If-Unmodified-Since");
    }

    /** Evaluates steps 1 to 4 of RFC 9110 section 13.2.2 for a request with {@code method} and {@code headers}. */
    public Outcome evaluate(String method, HttpHeaders headers) {
        if (method.equals("CONNECT") || method.equals("OPTIONS") || method.equals("TRACE")) {
            return Outcome.PROCEED;
        }
        boolean getOrHead = method.equals("GET") || method.equals("HEAD");
        List<String> ifMatch = headers.getAll("If-Match");
        if (!ifMatch.isEmpty()) {
            if (!EntityTag.listMatches(ifMatch, exists, etag, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            long since = singleDate(headers, "If-Unmodified-Since");
            if (since >= 0 && lastModified >= 0 && lastModified > since) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        List<String> ifNoneMatch = headers.getAll("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            if (EntityTag.listMatches(ifNoneMatch, exists, etag, false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
        } else if (getOrHead) {
            long since = singleDate(headers, "If-Modified-Since");
            if (since >= 0 && lastModified >= 0 && lastModified <= since) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Step 5 (RFC 9110 section 13.1.5): whether a {@code Range} of a GET is served, given its {@code If-Range}.
     * True without {@code If-Range}; with an entity tag, true if it matches the current one by strong
     * comparison (a weak tag never does); with a date, true if it is exactly the modification date and that
     * date is strong, which it is taken to be once more than a second old at {@code nowSecond} (section
     * 8.8.2.2). Anything else, or the field on several lines, is false: the whole representation is sent.
     */
    public boolean rangeApplies(HttpHeaders headers, long nowSecond) {
        List<String> lines = headers.getAll("If-Range");
        if (lines.isEmpty()) {
            return true;
        }
        if (lines.size() > 1) {
            return false;
        }
        String value = lines.get(0).trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return EntityTag.parse(value) != null && EntityTag.parse(value).strongMatch(etag);
        }
        long date = HttpDate.parse(value, nowSecond);
        return date >= 0 && lastModified >= 0 && date == lastModified && lastModified < nowSecond - 1;
    }

    /**
     * The outcome for a response that a resource is about to send without having evaluated the conditions
     * itself: evaluated for GET and HEAD answered with a 2xx {@code status} whose {@code response} headers carry
     * an {@code ETag} and/or a {@code Last-Modified}, {@link Outcome#PROCEED} otherwise. An {@code ETag} that is
     * not an entity tag is not a validator.
     */
    public static Outcome forResponse(String method, HttpHeaders request, int status, HttpHeaders response) {
        if (status < 200 || status > 299 || !(method.equals("GET") || method.equals("HEAD")) || !isConditional(request)) {
            return Outcome.PROCEED;
        }
        String etagField = response.get("ETag");
        String modifiedField = response.get("Last-Modified");
        if (etagField == null && modifiedField == null) {
            return Outcome.PROCEED;
        }
        EntityTag tag = etagField == null ? null : EntityTag.parse(etagField);
        long modified = modifiedField == null ? -1 : HttpDate.parse(modifiedField);
        return new Preconditions(true, tag, modified).evaluate(method, request);
    }

    /**
     * Turns the headers of the 2xx response a resource prepared into those of its 304 (RFC 9110 section
     * 15.4.5): the validators, {@code Cache-Control}, {@code Expires}, {@code Vary}, {@code Content-Location}
     * and other fields stay; the content's own metadata ({@code Content-Type}, {@code Content-Length},
     * {@code Content-Encoding}, ...) goes.
     */
    public static void toNotModified(HttpHeaders response) {
        for (String name : NOT_MODIFIED_DROPS) {
            response.remove(name);
        }
    }

    /** Removes the representation's header fields from a response that a 412 replaces. */
    public static void toPreconditionFailed(HttpHeaders response) {
        for (String name : REPRESENTATION_FIELDS) {
            response.remove(name);
        }
    }

    /** Adds this representation's validators to a response that lacks them (a 304 must carry its ETag). */
    void addValidators(HttpHeaders response) {
        if (etag != null && !response.contains("ETag")) {
            response.set("ETag", etag.toString());
        }
        if (lastModified >= 0 && !response.contains("Last-Modified")) {
            response.set("Last-Modified", HttpDate.format(lastModified));
        }
    }

    /** The date of field {@code name} if it is sent on one line and is a valid HTTP-date, else -1. */
    private static long singleDate(HttpHeaders headers, String name) {
        List<String> lines = headers.getAll(name);
        return lines.size() == 1 ? HttpDate.parse(lines.get(0)) : -1;
    }
}

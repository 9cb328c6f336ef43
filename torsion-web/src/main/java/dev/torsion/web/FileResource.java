package dev.torsion.web;

import dev.torsion.http.HttpStatus;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Serves the files under a directory (twisted's {@code static.File}): mount it anywhere in the tree and the
 * rest of the request path names a file below {@code root}.
 *
 * <ul>
 *   <li>Content types from file-name extensions; {@code Last-Modified} and a strong {@code ETag}; 304 for a
 *       matching {@code If-None-Match}, or (without one) an {@code If-Modified-Since} not older than the file.</li>
 *   <li>A single {@code Range} gets 206 with {@code Content-Range}, a range past the end 416; several ranges or
 *       an {@code If-Range} that does not match get the whole file.</li>
 *   <li>A directory without a trailing slash is redirected (301) to one with it; with the slash its
 *       {@code index.html} is served, or a listing if enabled (the default), or 403.</li>
 *   <li>The body is sent in 64 KiB chunks under the connection's flow control (see {@link Producer}).</li>
 *   <li>Nothing outside {@code root} is reachable: dot segments are resolved (or refused above the root) by
 *       the request parser; a segment holding a slash, backslash or NUL (an encoded separator), an empty
 *       segment inside the path, and any file whose real path (symbolic links followed) lies outside the real
 *       root get 404.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Immutable apart from the listing switch; serves all loops at once. File I/O is done on
 * the connection's loop.
 *
 * <p><b>Lifecycle.</b> None: construct, mount, serve. The root must exist when constructed.
 */
public class FileResource extends Resource {

    private final Path root;
    private volatile boolean listDirectories = true;

    /** Serves the directory {@code root}, which must exist. */
    public FileResource(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("FileResource root " + root + " cannot be resolved: " + e, e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("FileResource root " + root + " is not a directory");
        }
    }

    /** The real path of the served directory. */
    public Path root() {
        return root;
    }

    /** Turns directory listings on (the default) or off (403 for a directory without index.html). */
    public FileResource setDirectoryListing(boolean enabled) {
        this.listDirectories = enabled;
        return this;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    protected void renderGet(Request request) {
        List<String> segments = request.postpath();
        Path path = root;
        boolean trailingSlash = false;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment.isEmpty()) {
                if (!last) {
                    ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
                    return;
                }
                trailingSlash = true;
                continue;
            }
            if (!isPlainName(segment)) {
                ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
                return;
            }
            path = path.resolve(segment);
        }
        Path real;
        BasicFileAttributes attributes;
        try {
            real = path.toRealPath();
            if (!real.startsWith(root)) {
                ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
                return;
            }
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
            return;
        } catch (IOException | SecurityException e) {
            ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
            return;
        }
        if (attributes.isDirectory()) {
            renderDirectory(request, real, trailingSlash);
        } else if (trailingSlash) {
            ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
        } else if (attributes.isRegularFile()) {
            renderFile(request, real, attributes);
        } else {
            ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
        }
    }

    private void renderDirectory(Request request, Path dir, boolean trailingSlash) {
        if (!trailingSlash) {
            request.setResponseCode(HttpStatus.MOVED_PERMANENTLY);
            String query = request.queryString();
            request.setHeader("Location", request.path() + "/" + (query != null ? "?" + query : ""));
            request.finish();
            return;
        }
        Path index = dir.resolve("index.html");
        if (Files.isRegularFile(index)) {
            try {
                Path realIndex = index.toRealPath();
                if (realIndex.startsWith(root)) {
                    renderFile(request, realIndex, Files.readAttributes(realIndex, BasicFileAttributes.class));
                    return;
                }
            } catch (IOException e) {
                // fall through to the listing
            }
        }
        if (!listDirectories) {
            ErrorResource.respond(request, HttpStatus.FORBIDDEN, "Forbidden");
            return;
        }
        try {
            byte[] page = DirectoryListing.render(dir, "/" + String.join("/", request.prepath())
                    + (request.prepath().isEmpty() ? "" : "/") + String.join("/", request.postpath()));
            request.setHeader("Content-Type", "text/html; charset=utf-8");
            request.finish(page);
        } catch (IOException e) {
            ErrorResource.respond(request, HttpStatus.FORBIDDEN, "Forbidden");
        }
    }

    private void renderFile(Request request, Path file, BasicFileAttributes attributes) {
        long size = attributes.size();
        long modifiedMillis = attributes.lastModifiedTime().toMillis();
        long modifiedSecond = Math.floorDiv(modifiedMillis, 1000);
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMillis) + "\"";
        String lastModified = HttpDate.format(modifiedSecond);
        request.setHeader("Content-Type", ContentTypes.forFileName(file.getFileName().toString()));
        request.setHeader("Last-Modified", lastModified);
        request.setHeader("ETag", etag);
        request.setHeader("Accept-Ranges", "bytes");
        if (notModified(request, etag, modifiedSecond)) {
            request.setResponseCode(HttpStatus.NOT_MODIFIED);
            request.responseHeaders().remove("Content-Type");
            request.finish();
            return;
        }
        long first = 0;
        long length = size;
        String ifRange = request.getHeader("If-Range");
        boolean rangeApplies = ifRange == null || ifRange.trim().equals(etag) || ifRange.trim().equals(lastModified);
        ByteRange range = rangeApplies ? ByteRange.parse(request.getHeader("Range"), size) : null;
        if (range == ByteRange.UNSATISFIABLE) {
            request.setHeader("Content-Range", "bytes */" + size);
            ErrorResource.respond(request, HttpStatus.RANGE_NOT_SATISFIABLE, "Range Not Satisfiable");
            return;
        }
        if (range != null) {
            first = range.first;
            length = range.length();
            request.setResponseCode(HttpStatus.PARTIAL_CONTENT);
            request.setHeader("Content-Range", "bytes " + range.first + "-" + range.last + "/" + size);
        }
        request.setHeader("Content-Length", Long.toString(length));
        if (request.method().equals("HEAD") || length == 0) {
            request.finish();
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            request.responseHeaders().clear();
            ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
            return;
        }
        request.registerProducer(new FileSender(request, channel, first, length));
    }

    private static boolean notModified(Request request, String etag, long modifiedSecond) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        long since = HttpDate.parse(request.getHeader("If-Modified-Since"));
        return since >= 0 && modifiedSecond <= since;
    }

    private static boolean isPlainName(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c == 0) {
                return false;
            }
        }
        return true;
    }
}

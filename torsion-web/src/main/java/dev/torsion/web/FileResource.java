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
 *   <li>Content types from file-name extensions; {@code Last-Modified} and a strong {@code ETag}; conditional
 *       requests evaluated completely, as RFC 9110 section 13 orders them ({@link Preconditions}): 412 for a
 *       failed {@code If-Match} or {@code If-Unmodified-Since}, 304 for a failed {@code If-None-Match} or
 *       {@code If-Modified-Since}.</li>
 *   <li>A single {@code Range} of a GET gets 206 with {@code Content-Range}, a range past the end 416; several
 *       ranges, or an {@code If-Range} that does not match (a strong ETag, or the exact modification date once
 *       it is more than a second old), get the whole file.</li>
 *   <li>A directory without a trailing slash is redirected (301) to one with it; with the slash its
 *       {@code index.html} is served, or a listing if switched on ({@link #setDirectoryListing}), or 403.</li>
 *   <li>Dotfiles are not served: a path with a segment starting with "." ({@code .git/config}, {@code .env}),
 *       or whose real path below the root has one, gets 404 and is left out of listings, unless switched on
 *       ({@link #setDotfiles}).</li>
 *   <li>The body is sent in 64 KiB chunks under the connection's flow control (see {@link Producer}).</li>
 *   <li>Nothing outside {@code root} is reachable: dot segments are resolved (or refused above the root) by
 *       the request parser; a segment holding a slash, backslash or NUL (an encoded separator), an empty
 *       segment inside the path, and any file whose real path (symbolic links followed) lies outside the real
 *       root get 404.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Immutable apart from the two switches (volatile; set them before serving); serves all
 * loops at once. File I/O is done on the connection's loop.
 *
 * <p><b>Lifecycle.</b> None: construct, mount, serve. The root must exist when constructed.
 */
public class FileResource extends Resource {

    private final Path root;
    private volatile boolean listDirectories;
    private volatile boolean dotfiles;

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

    /** Turns directory listings on, or off (the default: 403 for a directory without index.html). */
    public FileResource setDirectoryListing(boolean enabled) {
        this.listDirectories = enabled;
        return this;
    }

    /**
     * Serves files and directories whose names start with a dot, or not (the default: 404, as if they were
     * not there, and left out of listings), so that {@code .git/}, {@code .env} or {@code .htpasswd} in the
     * served folder do not leak.
     */
    public FileResource setDotfiles(boolean served) {
        this.dotfiles = served;
        return this;
    }

    /**
     * True: the rest of the path names a file. Children put with {@link #putChild} are still found first, so
     * {@code files.putChild("ws", endpoint)} serves an endpoint among the files (a file named {@code ws} is
     * then hidden).
     */
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
            if (!isPlainName(segment) || (!dotfiles && segment.startsWith("."))) {
                ErrorResource.respond(request, HttpStatus.NOT_FOUND, "Not Found");
                return;
            }
            path = path.resolve(segment);
        }
        Path real;
        BasicFileAttributes attributes;
        try {
            real = path.toRealPath();
            if (!real.startsWith(root) || (!dotfiles && hasDotSegment(root.relativize(real)))) {
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
        // mounted as the child "" (root.putChild("", files)), "/" reaches the root with an empty postpath:
        // the path already ends with its slash, and redirecting would point at "//"
        if (!trailingSlash && !request.path().endsWith("/")) {
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
                if (realIndex.startsWith(root) && (dotfiles || !hasDotSegment(root.relativize(realIndex)))) {
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
            StringBuilder title = new StringBuilder("/");
            for (List<String> part : List.of(request.prepath(), request.postpath())) {
                for (String segment : part) {
                    if (!segment.isEmpty()) {
                        title.append(segment).append('/');
                    }
                }
            }
            byte[] page = DirectoryListing.render(dir, title.toString(), dotfiles);
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
        request.setHeader("Content-Type", ContentTypes.forFileName(file.getFileName().toString()));
        request.setHeader("Last-Modified", HttpDate.format(modifiedSecond));
        request.setHeader("ETag", etag);
        request.setHeader("Accept-Ranges", "bytes");
        Preconditions validators = Preconditions.of(etag, modifiedSecond);
        if (request.checkPreconditions(validators)) {
            return;
        }
        long first = 0;
        long length = size;
        String rangeField = request.getHeader("Range");
        boolean rangeApplies = rangeField != null && request.method().equals("GET")
                && validators.rangeApplies(request.requestHeaders(), Math.floorDiv(System.currentTimeMillis(), 1000));
        ByteRange range = rangeApplies ? ByteRange.parse(rangeField, size) : null;
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

    private static boolean hasDotSegment(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
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

package dev.torsion.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The HTML page listing a directory's entries (sub-directories with a trailing slash), names escaped for
 * HTML and links percent-encoded.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
final class DirectoryListing {

    private DirectoryListing() {
    }

    /**
     * The listing of {@code dir}, titled with the decoded request path {@code title}; names starting with a
     * dot are left out unless {@code dotfiles}.
     */
    static byte[] render(Path dir, String title, boolean dotfiles) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!dotfiles && name.startsWith(".")) {
                    continue;
                }
                names.add(Files.isDirectory(entry) ? name + "/" : name);
            }
        }
        Collections.sort(names);
        StringBuilder sb = new StringBuilder(256 + names.size() * 64);
        String t = escape(title);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ").append(t)
                .append("</title></head>\n<body><h1>Index of ").append(t).append("</h1>\n<ul>\n");
        for (String name : names) {
            sb.append("<li><a href=\"").append(escape(encodeSegment(name))).append("\">")
                    .append(escape(name)).append("</a></li>\n");
        }
        sb.append("</ul></body></html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes a file name for use as a relative link (a trailing '/' is kept). */
    static String encodeSegment(String name) {
        boolean dir = name.endsWith("/");
        String base = dir ? name.substring(0, name.length() - 1) : name;
        StringBuilder sb = new StringBuilder(base.length() + 8);
        for (byte b : base.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        if (base.startsWith(".")) {
            sb.insert(0, "./");
        }
        return dir ? sb.append('/').toString() : sb.toString();
    }
}

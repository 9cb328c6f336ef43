package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response read back from the bytes a server wrote, for assertions (status, headers, decoded body). */
final class HttpResponse {

    final int status;
    final String statusLine;
    final HttpHeaders headers = new HttpHeaders();
    final byte[] body;

    private HttpResponse(int status, String statusLine, byte[] body) {
        this.status = status;
        this.statusLine = statusLine;
        this.body = body;
    }

    String header(String name) {
        return headers.get(name);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Reads every complete response in {@code wire}; responses to HEAD requests must be flagged in
     * {@code headFlags} (one entry per response, in order) because they have headers but no body.
     */
    static List<HttpResponse> parseAll(byte[] wire, boolean... headFlags) {
        List<HttpResponse> responses = new ArrayList<>();
        int[] pos = {0};
        int index = 0;
        while (pos[0] < wire.length) {
            boolean head = index < headFlags.length && headFlags[index];
            HttpResponse r = parseOne(wire, pos, head);
            if (r == null) {
                break;
            }
            if (r.status >= 100 && r.status < 200 && r.status != 101) {
                responses.add(r);
                continue;
            }
            responses.add(r);
            index++;
        }
        return responses;
    }

    static List<HttpResponse> parseAll(String wire) {
        return parseAll(wire.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The single response in {@code wire}; fails if there is not exactly one. */
    static HttpResponse parse(byte[] wire) {
        List<HttpResponse> all = parseAll(wire);
        if (all.size() != 1) {
            throw new AssertionError("expected one response, got " + all.size() + ":\n"
                    + new String(wire, StandardCharsets.ISO_8859_1));
        }
        return all.get(0);
    }

    private static HttpResponse parseOne(byte[] w, int[] pos, boolean headRequest) {
        int start = pos[0];
        int end = indexOf(w, start, "\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String head = new String(w, start, end - start, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        int p = end + 4;
        HttpHeaders h = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            h.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if (headRequest || HttpStatus.forbidsBody(status)) {
            body = new byte[0];
        } else if ("chunked".equals(h.get("Transfer-Encoding"))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                int lineEnd = indexOf(w, p, "\r\n");
                if (lineEnd < 0) {
                    return null;
                }
                int size = Integer.parseInt(new String(w, p, lineEnd - p, StandardCharsets.ISO_8859_1).trim(), 16);
                p = lineEnd + 2;
                if (size == 0) {
                    p += 2;
                    break;
                }
                if (p + size > w.length) {
                    return null;
                }
                out.write(w, p, size);
                p += size + 2;
            }
            body = out.toByteArray();
        } else if (h.get("Content-Length") != null) {
            int n = Integer.parseInt(h.get("Content-Length"));
            if (p + n > w.length) {
                return null;
            }
            body = java.util.Arrays.copyOfRange(w, p, p + n);
            p += n;
        } else {
            body = java.util.Arrays.copyOfRange(w, p, w.length);
            p = w.length;
        }
        pos[0] = p;
        HttpResponse r = new HttpResponse(status, lines[0], body);
        h.forEach(r.headers::add);
        return r;
    }

    private static int indexOf(byte[] w, int from, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= w.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (w[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

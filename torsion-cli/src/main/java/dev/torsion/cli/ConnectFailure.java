package dev.torsion.cli;

import dev.torsion.http.HttpStatus;
import dev.torsion.websocket.handshake.HandshakeFailedException;

import javax.net.ssl.SSLException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Says in one line, in the user's terms, why a WebSocket connection could not be made, for {@code connect}
 * and {@code bench}: an untrusted certificate suggests {@code --cacert} (not the JDK's PKIX text), a
 * certificate for another name says so, a server that answers with a web page or a 404 instead of
 * upgrading says that it is a page or that nothing is at that path.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ConnectFailure {

    private ConnectFailure() {
    }

    /** Why connecting to {@code host} failed with {@code error} (completion wrappers are looked through). */
    public static String describe(Throwable error, String host, String path) {
        Throwable e = unwrap(error);
        path = path == null || path.isEmpty() ? "/" : path;
        if (e instanceof HandshakeFailedException) {
            HandshakeFailedException failed = (HandshakeFailedException) e;
            if (failed.check() == HandshakeFailedException.Check.STATUS) {
                return status(failed.status(), path);
            }
            return "the server's answer is not a valid WebSocket upgrade: " + e.getMessage();
        }
        if (e instanceof SSLException) {
            if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
                return "the server's certificate is not trusted (self-signed, or from an authority this JVM does "
                        + "not know): trust it with --cacert FILE (its certificate or CA, PEM), or use --insecure "
                        + "for a development server";
            }
            CertificateException names = find(e, CertificateException.class);
            if (names != null && String.valueOf(names.getMessage()).contains("match")) {
                return "the server's certificate is not for " + host + " (" + names.getMessage() + ")";
            }
            return e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String status(int status, String path) {
        String line = status + " " + HttpStatus.reasonPhrase(status);
        if (status >= 200 && status < 300) {
            return "the server answered " + line + " with an ordinary response: " + path
                    + " is a web page (HTTP), not a WebSocket endpoint";
        }
        if (status == 404) {
            return "there is no WebSocket endpoint at " + path + " (the server answered " + line + ")";
        }
        if (status >= 300 && status < 400) {
            return "the server redirects (" + line + ") instead of upgrading: try the URL it points to";
        }
        if (status == 401 || status == 403) {
            return "the server refused the upgrade (" + line + "): it may want credentials (-H 'Authorization: ...')";
        }
        return "the server answered " + line + " instead of upgrading to WebSocket";
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}

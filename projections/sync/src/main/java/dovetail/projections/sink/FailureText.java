package dovetail.projections.sink;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A failure in words an operator reads in a task's last error or in health, where any token holder sees it: what
 * happened to the connection, or the innermost message, never a Java class name. The log keeps the exception.
 */
public final class FailureText {

    /** {@code java.net.ConnectException: } and {@code SocketTimeoutException: } in a message, with the colon. */
    private static final Pattern CLASS_NAMES =
            Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

    private FailureText() {
    }

    /** The failure's own message and its root cause in words, e.g. {@code Meilisearch at … unreachable: connection refused}. */
    public static String describe(Throwable failure) {
        String message = withoutClassNames(failure.getMessage());
        String reason = reason(failure);
        return message.isEmpty() ? reason : message.contains(reason) ? message : message + " (" + reason + ")";
    }

    /** Why a call to another system failed, e.g. {@code connection refused}: its root cause in words. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + withoutClassNames(root.getMessage());
        }
        if (root instanceof SocketTimeoutException || root instanceof HttpTimeoutException
            || root instanceof TimeoutException) {
            return "no answer in time";
        }
        if (root instanceof SSLException) {
            return "the TLS handshake failed";
        }
        if (root instanceof EOFException) {
            return "the connection was closed";
        }
        String message = withoutClassNames(root.getMessage());
        return message.isEmpty() ? "an unexpected error (see the log)" : message;
    }

    /** The message without the Java class names in it; empty for none. */
    public static String withoutClassNames(String message) {
        return message == null ? "" : CLASS_NAMES.matcher(message).replaceAll("").strip();
    }
}

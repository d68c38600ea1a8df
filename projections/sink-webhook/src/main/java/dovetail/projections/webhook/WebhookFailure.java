package dovetail.projections.webhook;

/**
 * A batch did not reach the receiver, or the receiver did not take it for a reason of its own: the task retries it.
 * The message says why in words; what the HTTP client threw is kept as a suppressed exception, so it is in the log's
 * stack trace but not in the operator's text ({@code FailureText} reads causes, and the JDK client's innermost
 * exceptions often have no message).
 */
class WebhookFailure extends RuntimeException {

    WebhookFailure(String message) {
        super(message);
    }

    WebhookFailure(String message, Throwable detail) {
        super(message);
        addSuppressed(detail);
    }
}

package dovetail.projections.webhook;

/** A batch did not reach the receiver, or the receiver did not take it for a reason of its own: the task retries it. */
class WebhookFailure extends RuntimeException {

    WebhookFailure(String message) {
        super(message);
    }

    WebhookFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

package dovetail.projections.webhook;

import dovetail.projections.sink.SinkChange;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.RefusedThings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts a batch of changes to the receiver as one request. A 2xx answer takes the batch. A 4xx that speaks of the
 * records (see {@link WebhookEndpoint.Answer#refused}) is narrowed down: the batch is sent again in halves, split by
 * Thing so that a Thing's changes stay together and in order, each half on its own, down to a single Thing; a Thing
 * whose changes are refused alone is refused for good ({@link ChangesRejected}: the task parks it as a dead letter),
 * and a batch whose parts all go through is delivered. Any other answer, a timeout or a connection error is a
 * {@link WebhookFailure}: the task delivers the whole batch again, with back-off.
 *
 * <p>Parts taken before a Thing is refused reach the receiver again with the rest of the batch, as the task
 * delivers again everything it does not park: receivers drop what they have by each record's idempotency key.
 */
final class WebhookDelivery {

    private final WebhookEndpoint endpoint;
    private final WebhookFormat format;

    WebhookDelivery(WebhookEndpoint endpoint, WebhookFormat format) {
        this.endpoint = endpoint;
        this.format = format;
    }

    void deliver(List<SinkChange> changes, Duration timeout) {
        List<WebhookRecords.Item> items = new ArrayList<>(changes.size());
        for (SinkChange change : changes) {
            WebhookRecords.Item item = WebhookRecords.item(format, change);
            if (item != null) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return;
        }
        WebhookEndpoint.Answer answer = endpoint.post(items, timeout);
        if (answer.accepted()) {
            return;
        }
        Map<String, String> refused = RefusedThings.isolate(items, WebhookRecords.Item::thingId, reason(answer, items),
                part -> {
                    WebhookEndpoint.Answer partAnswer = endpoint.post(part, timeout);
                    return partAnswer.accepted() ? null : reason(partAnswer, part);
                });
        if (!refused.isEmpty()) {
            throw new ChangesRejected(refused);
        }
    }

    /** Why the receiver refused these records for good; a failure to retry (5xx, timeouts, …) is thrown. */
    private String reason(WebhookEndpoint.Answer answer, List<WebhookRecords.Item> items) {
        if (!answer.refused()) {
            throw endpoint.failed(answer, items.size());
        }
        return "the receiver refused it when sent alone: " + answer.describe();
    }
}

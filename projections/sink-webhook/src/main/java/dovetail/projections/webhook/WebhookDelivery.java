package dovetail.projections.webhook;

import dovetail.projections.sink.SinkChange;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.projections.sink.ChangesRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Set<String> things = new LinkedHashSet<>();
        for (SinkChange change : changes) {
            WebhookRecords.Item item = WebhookRecords.item(format, change);
            if (item != null) {
                items.add(item);
                things.add(item.thingId());
            }
        }
        if (items.isEmpty()) {
            return;
        }
        Map<String, String> refused = new LinkedHashMap<>();
        send(items, List.copyOf(things), refused, timeout);
        if (!refused.isEmpty()) {
            throw new ChangesRejected(refused);
        }
    }

    /** Posts the records of these Things; on a refusal, each half of them again, collecting those refused alone. */
    private void send(List<WebhookRecords.Item> items, List<String> things, Map<String, String> refused,
                      Duration timeout) {
        WebhookEndpoint.Answer answer = endpoint.post(items, timeout);
        if (answer.accepted()) {
            return;
        }
        if (!answer.refused()) {
            throw endpoint.failed(answer, items.size());
        }
        if (things.size() == 1) {
            refused.put(things.get(0), "the receiver refused it when sent alone: " + answer.describe());
            return;
        }
        int half = things.size() / 2;
        for (List<String> part : List.of(things.subList(0, half), things.subList(half, things.size()))) {
            Set<String> in = Set.copyOf(part);
            send(items.stream().filter(item -> in.contains(item.thingId())).toList(), part, refused, timeout);
        }
    }
}

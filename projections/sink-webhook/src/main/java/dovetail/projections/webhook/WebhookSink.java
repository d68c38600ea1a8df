package dovetail.projections.webhook;

import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.domain.thing.ThingChange;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A task's webhook as a {@link Sink}: the required core only (prepare, deliver, describe, close). Each change is
 * taken as the Thing change its event makes and the event itself ({@link WebhookChange}), never as a search
 * document; the work is {@link WebhookDelivery}'s. Creates nothing ahead and replays in place on a full sync:
 * receivers are idempotent by each record's key.
 */
final class WebhookSink implements Sink {

    private final WebhookEndpoint endpoint;
    private final WebhookDelivery delivery;

    WebhookSink(String taskId, WebhookSinkSpec spec, Set<String> allowedHosts, Duration batchTimeout) {
        this.endpoint = new WebhookEndpoint(taskId, spec.url(), spec.format(), spec.secret(), allowedHosts,
                batchTimeout);
        this.delivery = new WebhookDelivery(endpoint, spec.format());
    }

    /** Nothing to create at the receiver; a URL this deployment does not allow (any more) fails the start. */
    @Override
    public void prepare() {
        endpoint.checkAllowed();
    }

    @Override
    public void deliver(List<DocumentChange> batch, Duration timeout) {
        delivery.deliver(batch.stream().map(WebhookSink::change).toList(), timeout);
    }

    /** The Thing change a delivered change stands for: from its event (an upsert), or its id and version. */
    private static WebhookChange change(DocumentChange change) {
        if (change.event() == null) {
            throw new IllegalArgumentException("A change of Thing " + change.id() + " came without its event");
        }
        ThingChange thing = change instanceof DocumentChange.Upsert
                ? ThingChange.of(change.event()).filter(ThingChange.Upsert.class::isInstance).orElseThrow(
                        () -> new IllegalArgumentException("An upsert of Thing " + change.id() + " came with an "
                                + "event that sets no state"))
                : new ThingChange.Removal(change.id(), change.version());
        return new WebhookChange(thing, change.event());
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

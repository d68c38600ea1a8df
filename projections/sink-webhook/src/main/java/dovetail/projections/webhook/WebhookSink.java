package dovetail.projections.webhook;

import dovetail.projections.sink.SinkChange;
import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A task's webhook as a {@link Sink}: the required core only (prepare, deliver, describe, close), and no capability.
 * Each change is the Thing change its event makes, with the event ({@link SinkChange}); the work is
 * {@link WebhookDelivery}'s. Creates nothing ahead and replays in place on a full sync:
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
    public void deliver(List<SinkChange> batch, Duration timeout) {
        delivery.deliver(batch, timeout);
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

package dovetail.projections.webhook;

import dovetail.domain.synctask.AllowedWebhookHosts;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import dovetail.projections.sink.SinkTarget;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Tasks whose sink is a webhook post through a {@link WebhookSink}, within the hosts this deployment allows. */
@Component
class WebhookSinks implements SinkFactory {

    private final AllowedWebhookHosts allowedHosts;

    WebhookSinks(AllowedWebhookHosts allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    @Override
    public boolean builds(SyncTaskDefinition definition) {
        return definition.sink().webhook() != null;
    }

    @Override
    public Sink create(String taskId, SyncTaskDefinition definition, SinkTarget target, String liveLocation) {
        return new WebhookSink(taskId, definition.sink().webhook(), allowedHosts.hosts(),
                Duration.ofMillis(definition.options().batchTimeoutMillis()));
    }
}

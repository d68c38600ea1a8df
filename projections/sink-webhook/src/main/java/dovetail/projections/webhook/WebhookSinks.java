package dovetail.projections.webhook;

import dovetail.domain.synctask.AllowedWebhookHosts;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.projections.sink.Sink;
import dovetail.projections.sink.SinkFactory;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tasks whose sink is a webhook post through a {@link WebhookSink}, within the hosts this deployment allows. */
@Component
class WebhookSinks implements SinkFactory {

    private final AllowedWebhookHosts allowedHosts;

    WebhookSinks(AllowedWebhookHosts allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    @Override
    public Optional<Sink> create(String taskId, SyncTaskDefinition definition) {
        WebhookSinkSpec spec = definition.sink().webhook();
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(new WebhookSink(taskId, spec, allowedHosts.hosts(),
                Duration.ofMillis(definition.options().batchTimeoutMillis())));
    }
}

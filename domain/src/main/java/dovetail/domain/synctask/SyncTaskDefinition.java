package dovetail.domain.synctask;

import java.util.List;

/** Everything a task is configured with; any part may be null in input and is then defaulted or refused. */
public record SyncTaskDefinition(SinkSpec sink, FilterSpec filter, List<FieldTransform> transform, TaskOptions options) {

    /** The definition as it may be answered to a client: a webhook's secret left out. */
    public SyncTaskDefinition withoutSecrets() {
        WebhookSinkSpec webhook = sink == null ? null : sink.webhook();
        return webhook == null || webhook.secret() == null ? this : withWebhook(webhook.withoutSecret());
    }

    /** This definition, with {@code current}'s webhook secret where it gives none (see {@link WebhookSinkSpec}). */
    public SyncTaskDefinition keepingSecretsOf(SyncTaskDefinition current) {
        WebhookSinkSpec webhook = sink == null ? null : sink.webhook();
        WebhookSinkSpec was = current == null || current.sink() == null ? null : current.sink().webhook();
        return webhook == null || webhook.secret() != null || was == null ? this
                : withWebhook(webhook.keepingSecretOf(was));
    }

    private SyncTaskDefinition withWebhook(WebhookSinkSpec webhook) {
        return new SyncTaskDefinition(new SinkSpec(sink.meilisearch(), sink.kafka(), sink.legacy(), webhook), filter,
                transform, options);
    }
}

package dovetail.domain.synctask;

/** Where a task delivers. Exactly one kind is set; {@link #type()} names it. */
public record SinkSpec(MeilisearchSinkSpec meilisearch, KafkaSinkSpec kafka, LegacySinkSpec legacy,
                       WebhookSinkSpec webhook) {

    public SinkSpec(MeilisearchSinkSpec meilisearch, KafkaSinkSpec kafka, LegacySinkSpec legacy) {
        this(meilisearch, kafka, legacy, null);
    }

    public SinkSpec(MeilisearchSinkSpec meilisearch) {
        this(meilisearch, null, null, null);
    }

    public SinkSpec(KafkaSinkSpec kafka) {
        this(null, kafka, null, null);
    }

    public SinkSpec(LegacySinkSpec legacy) {
        this(null, null, legacy, null);
    }

    public SinkSpec(WebhookSinkSpec webhook) {
        this(null, null, null, webhook);
    }

    public String type() {
        return meilisearch != null ? "meilisearch" : kafka != null ? "kafka" : legacy != null ? "legacy"
                : webhook != null ? "webhook" : null;
    }
}

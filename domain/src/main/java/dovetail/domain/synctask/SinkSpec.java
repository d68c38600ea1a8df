package dovetail.domain.synctask;

/** Where a task delivers. Exactly one kind is set; {@link #type()} names it. */
public record SinkSpec(MeilisearchSinkSpec meilisearch, KafkaSinkSpec kafka, LegacySinkSpec legacy) {

    public SinkSpec(MeilisearchSinkSpec meilisearch) {
        this(meilisearch, null, null);
    }

    public SinkSpec(KafkaSinkSpec kafka) {
        this(null, kafka, null);
    }

    public SinkSpec(LegacySinkSpec legacy) {
        this(null, null, legacy);
    }

    public String type() {
        return meilisearch != null ? "meilisearch" : kafka != null ? "kafka" : legacy != null ? "legacy" : null;
    }
}

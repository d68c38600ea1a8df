package dovetail.domain.synctask;

/** Where a task delivers. Exactly one kind is set; {@link #type()} names it. */
public record SinkSpec(MeilisearchSinkSpec meilisearch, KafkaSinkSpec kafka) {

    public SinkSpec(MeilisearchSinkSpec meilisearch) {
        this(meilisearch, null);
    }

    public SinkSpec(KafkaSinkSpec kafka) {
        this(null, kafka);
    }

    public String type() {
        return meilisearch != null ? "meilisearch" : kafka != null ? "kafka" : null;
    }
}

package dovetail.domain.synctask;

/** Where a task delivers. Exactly one kind is set; {@link #type()} names it. */
public record SinkSpec(MeilisearchSinkSpec meilisearch, LegacySinkSpec legacy) {

    public SinkSpec(MeilisearchSinkSpec meilisearch) {
        this(meilisearch, null);
    }

    public SinkSpec(LegacySinkSpec legacy) {
        this(null, legacy);
    }

    public String type() {
        return meilisearch != null ? "meilisearch" : legacy != null ? "legacy" : null;
    }
}

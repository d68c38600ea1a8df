package dovetail.domain.synctask;

/** Where a task delivers. Exactly one kind is set; {@link #type()} names it. */
public record SinkSpec(MeilisearchSinkSpec meilisearch) {

    public String type() {
        return meilisearch != null ? "meilisearch" : null;
    }
}

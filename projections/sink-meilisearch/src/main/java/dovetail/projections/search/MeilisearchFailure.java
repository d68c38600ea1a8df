package dovetail.projections.search;

/**
 * Meilisearch could not be reached, refused a call, or failed a task. The message is meant for operators: it
 * names the server, what Dovetail tried to do, and Meilisearch's own error code and message when there is one.
 */
public class MeilisearchFailure extends RuntimeException {

    private final String code;

    MeilisearchFailure(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Meilisearch's error code ({@code index_not_found}, {@code invalid_document_id}, …), or null. */
    public String code() {
        return code;
    }
}

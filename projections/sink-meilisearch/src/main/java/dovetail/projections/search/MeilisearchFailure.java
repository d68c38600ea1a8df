package dovetail.projections.search;

import com.meilisearch.sdk.exceptions.MeilisearchApiException;
import com.meilisearch.sdk.exceptions.MeilisearchCommunicationException;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import com.meilisearch.sdk.exceptions.MeilisearchTimeoutException;
import dovetail.projections.sink.FailureText;
import java.util.function.Supplier;

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

    /** Runs an SDK call to the server at {@code url}; its exception becomes the failure {@link #of} says. */
    static <T> T calling(String url, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (MeilisearchException e) {
            throw of(url, action, e);
        }
    }

    /** An SDK call's failure in words: unreachable, refused (with Meilisearch's code and message), or failed. */
    static MeilisearchFailure of(String url, String action, MeilisearchException e) {
        if (e instanceof MeilisearchApiException api) {
            return new MeilisearchFailure("Meilisearch at " + url + " refused to " + action + ": " + api.getCode()
                    + ": " + api.getMessage(), api.getCode(), e);
        }
        if (e instanceof MeilisearchCommunicationException || e instanceof MeilisearchTimeoutException) {
            return new MeilisearchFailure("Meilisearch at " + url + " unreachable: " + FailureText.reason(e)
                    + " (while trying to " + action + ")", null, e);
        }
        return new MeilisearchFailure("Meilisearch at " + url + " failed to " + action + ": "
                + FailureText.reason(e), null, e);
    }
}

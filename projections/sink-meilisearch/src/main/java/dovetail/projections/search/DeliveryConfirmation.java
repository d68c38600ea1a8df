package dovetail.projections.search;

import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskStatus;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.RefusedThings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Confirms that Meilisearch applied a delivery: waits for its tasks and, when an addition failed, finds the documents
 * Meilisearch refuses. A 202 only says a task is on disk; the task can still fail while indexing (a document that is
 * not valid JSON, a {@code _geo} or {@code _vectors} it cannot read), and Meilisearch then fails every task it indexed
 * in the same batch, neighbours included. So a failed addition is sent again in halves, each awaited, down to single
 * documents: a document that fails alone is refused for good ({@link ChangesRejected}, and its Thing is parked);
 * the others are indexed by then. A failure of the server rather than of a document (disk full, a canceled task, a
 * deletion that failed) is a {@link MeilisearchFailure}, and the whole delivery is retried.
 */
final class DeliveryConfirmation {

    /**
     * Error codes that say the server could not work, whatever the documents: never a reason to park a Thing. (A
     * document that is not valid JSON fails with {@code internal}, so that code cannot be one of them.)
     */
    private static final Set<String> SERVER_FAILURES = Set.of("no_space_left_on_device", "database_size_limit_reached",
            "too_many_open_files", "io_error", "index_not_found");

    private final MeilisearchTasks tasks;
    private final MeilisearchHttp http;
    private final String indexUid;
    private final String primaryKey;

    DeliveryConfirmation(MeilisearchIndexes indexes, String indexUid, String primaryKey) {
        this.tasks = indexes.tasks();
        this.http = indexes.http();
        this.indexUid = indexUid;
        this.primaryKey = primaryKey;
    }

    /**
     * Returns once the tasks (null where none) succeeded. {@code ids} names the Thing of each document. Throws
     * {@link ChangesRejected} naming the Things whose documents Meilisearch refuses one by one (every other document of the addition has been indexed), or
     * {@link MeilisearchFailure} when the delivery should be retried as a whole.
     */
    void confirm(List<String> ids, List<byte[]> documents, Integer addition, Integer deletion, Duration timeout) {
        Task added = addition == null ? null : tasks.awaitTask(addition, timeout);
        if (deletion != null) {
            Task deleted = tasks.awaitTask(deletion, timeout);
            if (deleted.getStatus() != TaskStatus.SUCCEEDED) {
                throw tasks.taskFailed(deleted);
            }
        }
        if (added == null || added.getStatus() == TaskStatus.SUCCEEDED) {
            return;
        }
        requireDocumentFailure(added);
        List<Document> sent = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            sent.add(new Document(ids.get(i), documents.get(i)));
        }
        Map<String, String> refused = RefusedThings.isolate(sent, Document::thingId, reason(added), part -> {
            Task task = tasks.awaitTask(http.addDocuments(indexUid, primaryKey,
                    part.stream().map(Document::json).toList()), timeout);
            if (task.getStatus() == TaskStatus.SUCCEEDED) {
                return null;
            }
            requireDocumentFailure(task);
            return reason(task);
        });
        if (!refused.isEmpty()) {
            throw new ChangesRejected(refused);
        }
    }

    /** A document of the delivery, with the Thing it is of. */
    private record Document(String thingId, byte[] json) {
    }

    private void requireDocumentFailure(Task task) {
        String code = task.getError() == null ? null : task.getError().getCode();
        if (task.getStatus() != TaskStatus.FAILED || code == null || SERVER_FAILURES.contains(code)) {
            throw tasks.taskFailed(task);
        }
    }

    /** Meilisearch's own words, which name the document's problem (and the index, which the dead letter names too). */
    private static String reason(Task task) {
        return "Meilisearch refused the document while indexing it: " + task.getError().getMessage();
    }
}

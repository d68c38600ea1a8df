package dovetail.projections.search;

import dovetail.projections.sink.FailureText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.exceptions.MeilisearchApiException;
import com.meilisearch.sdk.exceptions.MeilisearchCommunicationException;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import com.meilisearch.sdk.exceptions.MeilisearchTimeoutException;
import com.meilisearch.sdk.model.Settings;
import com.meilisearch.sdk.model.Pagination;
import com.meilisearch.sdk.model.SwapIndexesParams;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TasksQuery;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import com.meilisearch.sdk.model.TypoTolerance;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index administration on one Meilisearch server: create an index with its settings, delete it, count its
 * documents, and wait for tasks with an explicit timeout. A task that finished as {@code failed} or
 * {@code canceled} is an error here (meilisearch-java's own {@code waitForTask} returns normally for those).
 */
public class MeilisearchIndexes {

    private static final Logger log = LoggerFactory.getLogger(MeilisearchIndexes.class);

    /**
     * Word lengths from which one and two typos are forgiven. Meilisearch's defaults are 5 and 9, under which no
     * four-letter word (lamp, desk, sofa: typical of Thing names) tolerates a typo; {@code lmap} found nothing.
     */
    static final Map<String, Integer> MIN_WORD_SIZE_FOR_TYPOS = Map.of("oneTypo", 4, "twoTypos", 8);

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Duration IDLE_POLL = Duration.ofMillis(20);
    private static final Duration QUICK_TASK = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final MeilisearchProperties properties;
    /** For calls outside the SDK ({@link #exchange}): a batch of documents, federation and the network settings. */
    private final OkHttpClient http;

    public MeilisearchIndexes(Client client, MeilisearchProperties properties) {
        this.client = client;
        this.properties = properties;
        this.http = MeilisearchClients.okHttp(properties.requestTimeout());
    }

    public Client client() {
        return client;
    }

    public MeilisearchProperties properties() {
        return properties;
    }

    /** {@code name} with the deployment's index prefix. */
    public String fullIndexUid(String name) {
        return properties.indexPrefix() + name;
    }

    /**
     * Creates the index if it is missing and gives it these settings, changing only those that differ (a settings
     * change makes Meilisearch reindex every document). Typo tolerance is Dovetail's own (see
     * {@link #MIN_WORD_SIZE_FOR_TYPOS}). Returns once every task it needed has succeeded.
     */
    public void ensure(String indexUid, String primaryKey, List<String> searchable, List<String> filterable,
                       List<String> sortable) {
        Objects.requireNonNull(primaryKey, "primaryKey");
        Index index = existing(indexUid);
        if (index == null) {
            TaskInfo created = call("create index " + indexUid, () -> client.createIndex(indexUid, primaryKey));
            Task task = awaitTask(created.getTaskUid(), properties.taskTimeout());
            if (task.getStatus() != TaskStatus.SUCCEEDED && !"index_already_exists".equals(errorCode(task))) {
                throw taskFailed(task);
            }
            index = existing(indexUid);
            if (index == null) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " created index " + indexUid
                        + " but does not find it", "index_not_found", null);
            }
        }
        if (index.getPrimaryKey() == null) {
            awaitSucceeded(call("set the primary key of " + indexUid, () -> client.updateIndex(indexUid, primaryKey)));
        } else if (!index.getPrimaryKey().equals(primaryKey)) {
            throw new MeilisearchFailure("Meilisearch index " + indexUid + " at " + url() + " has primary key "
                    + index.getPrimaryKey() + ", not " + primaryKey + "; delete the index or use another one",
                    "index_primary_key_already_exists", null);
        }
        Index target = index;
        Settings changes = new Settings();
        boolean changed = false;
        String[] currentSearchable = call("read settings of " + indexUid, target::getSearchableAttributesSettings);
        if (!Arrays.asList(currentSearchable).equals(searchable)) {
            changes.setSearchableAttributes(searchable.toArray(String[]::new));
            changed = true;
        }
        String[] currentFilterable = call("read settings of " + indexUid, target::getFilterableAttributesSettings);
        if (!new HashSet<>(Arrays.asList(currentFilterable)).equals(new HashSet<>(filterable))) {
            changes.setFilterableAttributes(filterable.toArray(String[]::new));
            changed = true;
        }
        String[] currentSortable = call("read settings of " + indexUid, target::getSortableAttributesSettings);
        if (!new HashSet<>(Arrays.asList(currentSortable)).equals(new HashSet<>(sortable))) {
            changes.setSortableAttributes(sortable.toArray(String[]::new));
            changed = true;
        }
        TypoTolerance typos = call("read settings of " + indexUid, target::getTypoToleranceSettings);
        if (typos == null || !MIN_WORD_SIZE_FOR_TYPOS.equals(typos.getMinWordSizeForTypos())) {
            changes.setTypoTolerance(new TypoTolerance().setMinWordSizeForTypos(new HashMap<>(MIN_WORD_SIZE_FOR_TYPOS)));
            changed = true;
        }
        Pagination pagination = call("read settings of " + indexUid, target::getPaginationSettings);
        if (pagination == null || pagination.getMaxTotalHits() != properties.maxTotalHits()) {
            changes.setPagination(new Pagination(properties.maxTotalHits()));
            changed = true;
        }
        if (changed) {
            log.info("Meilisearch index {}: applying searchable {}, filterable {}, sortable {}, typos from {}, "
                     + "exact totals up to {} hits", indexUid, searchable, filterable, sortable,
                    MIN_WORD_SIZE_FOR_TYPOS, properties.maxTotalHits());
            awaitSucceeded(call("update settings of " + indexUid, () -> target.updateSettings(changes)));
        }
    }

    /** Deletes the index and waits until it is gone; a missing index is not an error. */
    public void delete(String indexUid) {
        TaskInfo deletion = call("delete index " + indexUid, () -> client.deleteIndex(indexUid));
        Task task = awaitTask(deletion.getTaskUid(), properties.taskTimeout());
        if (task.getStatus() != TaskStatus.SUCCEEDED && !"index_not_found".equals(errorCode(task))) {
            throw taskFailed(task);
        }
    }

    /**
     * Swaps the contents (documents and settings) of two indexes atomically, waiting until done. Idempotent: when
     * Meilisearch's task history shows this pair already swapped (or being swapped), it only waits for that.
     * Both indexes must exist.
     */
    public void swap(String live, String copy) {
        Optional<Task> earlier = swapOf(live, copy);
        if (earlier.isPresent()) {
            Task task = isFinished(earlier.get().getStatus()) ? earlier.get()
                    : awaitTask(earlier.get().getUid(), properties.taskTimeout());
            if (task.getStatus() == TaskStatus.SUCCEEDED) {
                return;
            }
        }
        SwapIndexesParams pair = new SwapIndexesParams().setIndexes(new String[] {live, copy});
        awaitSucceeded(call("swap indexes " + live + " and " + copy,
                () -> client.swapIndexes(new SwapIndexesParams[] {pair})));
    }

    /** The newest swap task of this pair of indexes that has not failed, from Meilisearch's task history. */
    private Optional<Task> swapOf(String live, String copy) {
        Task[] tasks = call("read swap tasks", () -> client.getTasks(new TasksQuery().setTypes(
                new String[] {"indexSwap"}).setLimit(1000))).getResults();
        for (Task task : tasks == null ? new Task[0] : tasks) {
            if (task.getStatus() == TaskStatus.FAILED || task.getStatus() == TaskStatus.CANCELED
                || task.getDetails() == null || task.getDetails().getSwaps() == null) {
                continue;
            }
            for (SwapIndexesParams swap : task.getDetails().getSwaps()) {
                if (swap.getIndexes() != null && Set.of(swap.getIndexes()).equals(Set.of(live, copy))) {
                    return Optional.of(task);
                }
            }
        }
        return Optional.empty();
    }

    /** Enqueues the deletion of the index without waiting for it; a missing index is not an error. */
    public void deleteLater(String indexUid) {
        if (exists(indexUid)) {
            call("delete index " + indexUid, () -> client.deleteIndex(indexUid));
        }
    }

    /** How many tasks of this index Meilisearch has not finished yet, counting at most {@code limit}. */
    public int pendingTasks(String indexUid, int limit) {
        Task[] pending = call("read tasks of " + indexUid, () -> client.getTasks(new TasksQuery()
                .setIndexUids(new String[] {indexUid}).setStatuses(new String[] {"enqueued", "processing"})
                .setLimit(limit))).getResults();
        return pending == null ? 0 : pending.length;
    }

    /** How many tasks of this index Meilisearch failed, counting at most 1,000. */
    public long failedTasks(String indexUid) {
        Task[] failed = call("read tasks of " + indexUid, () -> client.getTasks(new TasksQuery()
                .setIndexUids(new String[] {indexUid}).setStatuses(new String[] {"failed"}).setLimit(1000)))
                .getResults();
        return failed == null ? 0 : failed.length;
    }

    /** Waits until the index has no task enqueued or processing; throws when that takes longer than {@code timeout}. */
    public void awaitIdle(String indexUid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingTasks(indexUid, 1) > 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " still indexes " + indexUid + " after "
                        + timeout, null, null);
            }
            LockSupport.parkNanos(IDLE_POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new MeilisearchFailure("Interrupted while waiting for " + indexUid + " to be indexed", null, null);
            }
        }
    }

    /** The number of indexed documents (enqueued changes not counted); 0 for a missing index. */
    public long documentCount(String indexUid) {
        try {
            return client.index(indexUid).getStats().getNumberOfDocuments();
        } catch (MeilisearchApiException e) {
            if ("index_not_found".equals(e.getCode())) {
                return 0;
            }
            throw failure("count documents of " + indexUid, e);
        } catch (MeilisearchException e) {
            throw failure("count documents of " + indexUid, e);
        }
    }

    /**
     * Waits until the task has finished (succeeded, failed or canceled) and returns it; throws when it has not
     * finished within {@code timeout}.
     */
    public Task awaitTask(int taskUid, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long pauseMillis = 1;
        while (true) {
            Task task = call("read task " + taskUid, () -> client.getTask(taskUid));
            if (isFinished(task.getStatus())) {
                return task;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " did not finish task " + taskUid + " ("
                        + task.getType() + " on " + task.getIndexUid() + ") within " + timeout + "; it is "
                        + task.getStatus(), null, null);
            }
            LockSupport.parkNanos(Math.min(Duration.ofMillis(pauseMillis).toNanos(), deadline - System.nanoTime()));
            if (Thread.currentThread().isInterrupted()) {
                throw new MeilisearchFailure("Interrupted while waiting for Meilisearch task " + taskUid, null, null);
            }
            // a delivery waits for its task: polled closely at first, for a small task is done in tens of
            // milliseconds and what was written meanwhile waits behind it, then less often
            pauseMillis = Math.min(pauseMillis * 2, System.nanoTime() - started < QUICK_TASK.toNanos() ? 10 : 100);
        }
    }

    void awaitSucceeded(TaskInfo info) {
        Task task = awaitTask(info.getTaskUid(), properties.taskTimeout());
        if (task.getStatus() != TaskStatus.SUCCEEDED) {
            throw taskFailed(task);
        }
    }

    static boolean isFinished(TaskStatus status) {
        return status == TaskStatus.SUCCEEDED || status == TaskStatus.FAILED || status == TaskStatus.CANCELED;
    }

    MeilisearchFailure taskFailed(Task task) {
        return new MeilisearchFailure("Meilisearch at " + url() + " " + task.getStatus() + " task " + task.getUid()
                + " (" + task.getType() + " on " + task.getIndexUid() + ")" + describe(task), errorCode(task), null);
    }

    static String describe(Task task) {
        return task.getError() == null ? "" : ": " + task.getError().getCode() + ": " + task.getError().getMessage();
    }

    private static String errorCode(Task task) {
        return task.getError() == null ? null : task.getError().getCode();
    }

    public boolean exists(String indexUid) {
        return existing(indexUid) != null;
    }

    private Index existing(String indexUid) {
        try {
            return client.getIndex(indexUid);
        } catch (MeilisearchApiException e) {
            if ("index_not_found".equals(e.getCode())) {
                return null;
            }
            throw failure("read index " + indexUid, e);
        } catch (MeilisearchException e) {
            throw failure("read index " + indexUid, e);
        }
    }

    /**
     * Adds (or replaces) documents, each already written as JSON, and answers the task Meilisearch enqueued. The
     * body is streamed from the documents as they are: the SDK takes a batch as one string, and a batch of 40,000
     * documents then made three copies of ~12 MB each (bytes, string, bytes again), large enough for the collector to
     * treat them as humongous objects and start a marking cycle for them.
     */
    int addDocuments(String indexUid, String primaryKey, List<byte[]> documents) {
        String action = "add " + documents.size() + " document(s) to " + indexUid;
        long length = 2 + Math.max(0, documents.size() - 1);
        for (byte[] document : documents) {
            length += document.length;
        }
        long contentLength = length;
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON_TYPE;
            }

            @Override
            public long contentLength() {
                return contentLength;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeByte('[');
                for (int i = 0; i < documents.size(); i++) {
                    if (i > 0) {
                        sink.writeByte(',');
                    }
                    sink.write(documents.get(i));
                }
                sink.writeByte(']');
            }
        };
        HttpUrl url = HttpUrl.get(url()).newBuilder().addPathSegment("indexes").addPathSegment(indexUid)
                .addPathSegment("documents").addQueryParameter("primaryKey", primaryKey).build();
        String text = exchange(new Request.Builder().url(url).post(body), "Meilisearch at " + url(), action);
        JsonNode answer;
        try {
            answer = JSON.readTree(text);
        } catch (IOException notJson) {
            answer = null;
        }
        if (answer == null || !answer.path("taskUid").canConvertToInt()) {
            throw new MeilisearchFailure("Meilisearch at " + url() + " answered without a task for index "
                    + indexUid, null, null);
        }
        return answer.path("taskUid").asInt();
    }

    /**
     * Sends a request to this server outside the SDK, with its key, and answers the response's text; a refusal (with
     * Meilisearch's code and message) or an unreachable server is a {@link MeilisearchFailure} naming {@code who}.
     */
    String exchange(Request.Builder request, String who, String action) {
        if (properties.apiKey() != null && !properties.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + properties.apiKey());
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (!response.isSuccessful()) {
                String code = null;
                String message = text;
                try {
                    JsonNode error = JSON.readTree(text);
                    code = error.path("code").asText(null);
                    message = error.path("message").asText(text);
                } catch (IOException notJson) {
                    // keep the raw text
                }
                throw new MeilisearchFailure(who + " refused to " + action + ": " + code + ": " + message, code, null);
            }
            return text;
        } catch (IOException e) {
            throw new MeilisearchFailure(who + " unreachable: " + FailureText.reason(e) + " (while trying to " + action + ")",
                    null, e);
        }
    }

    <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (MeilisearchException e) {
            throw failure(action, e);
        }
    }

    String url() {
        return properties.url();
    }

    /** An operator-readable failure: unreachable, refused (with Meilisearch's code and message), or failed. */
    MeilisearchFailure failure(String action, MeilisearchException e) {
        if (e instanceof MeilisearchApiException api) {
            return new MeilisearchFailure("Meilisearch at " + url() + " refused to " + action + ": " + api.getCode()
                    + ": " + api.getMessage(), api.getCode(), e);
        }
        if (e instanceof MeilisearchCommunicationException || e instanceof MeilisearchTimeoutException) {
            return new MeilisearchFailure("Meilisearch at " + url() + " unreachable: " + FailureText.reason(e)
                    + " (while trying to " + action + ")", null, e);
        }
        return new MeilisearchFailure("Meilisearch at " + url() + " failed to " + action + ": "
                + FailureText.reason(e), null, e);
    }
}

package dovetail.projections.search;

import dovetail.projections.sink.FailureText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.projections.sink.ChangesRejected;
import dovetail.projections.sink.CountedSink;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Delivers document changes to one Meilisearch index. A batch is collapsed to the last change per id and sent as
 * at most two calls (one add-or-replace of whole documents, one delete by ids); it counts as accepted only once
 * Meilisearch has applied those tasks: a task can fail after Meilisearch enqueued it, and a delivery that returned
 * then would let the task's position move past documents that never reached the index. A failed addition is
 * narrowed down to the documents Meilisearch refuses ({@link DeliveryConfirmation}). Text that is not valid Unicode
 * (an unpaired surrogate, which an older release let into the event store) is sent with U+FFFD in its place.
 *
 * <p>Deliveries run one at a time on the sink's own thread, so {@code deliver}'s timeout holds even for a call
 * that hangs, and a call abandoned after its timeout still finishes (bounded by the request timeout) before the
 * retried batch is sent: an older batch can never land after a newer one.
 */
public class MeilisearchSink implements Sink, CountedSink {

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final MeilisearchIndexes indexes;
    private final String indexUid;
    private final String copyBase;
    private final String primaryKey;
    private final List<String> searchable;
    private final List<String> filterable;
    private final List<String> sortable;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ExecutorService calls;
    private final DeliveryConfirmation confirmation;
    private volatile Integer lastTaskUid;

    public MeilisearchSink(MeilisearchIndexes indexes, String indexUid, String primaryKey, List<String> searchable,
                           List<String> filterable, List<String> sortable) {
        this(indexes, indexUid, indexUid, primaryKey, searchable, filterable, sortable);
    }

    /**
     * @param copyBase what the indexes of full syncs are named after ({@code <copyBase>__rebuild_<generation>}):
     *                 the task's index name, also when the live index is the copy of an earlier full sync that
     *                 moved the documents to other instances
     */
    public MeilisearchSink(MeilisearchIndexes indexes, String indexUid, String copyBase, String primaryKey,
                           List<String> searchable, List<String> filterable, List<String> sortable) {
        this.indexes = indexes;
        this.indexUid = indexUid;
        this.copyBase = copyBase;
        this.primaryKey = primaryKey;
        this.searchable = List.copyOf(searchable);
        this.filterable = List.copyOf(filterable);
        this.sortable = List.copyOf(sortable);
        this.confirmation = new DeliveryConfirmation(indexes, indexUid, primaryKey);
        this.calls = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "meilisearch-sink-" + indexUid);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A sink for a task's spec: the index name gets the deployment's prefix, null parts get the Thing defaults. */
    public static MeilisearchSink of(MeilisearchIndexes indexes, MeilisearchSinkSpec spec) {
        return of(indexes, spec, spec.index());
    }

    /** As {@link #of(MeilisearchIndexes, MeilisearchSinkSpec)}, delivering into the index named {@code liveIndex}. */
    public static MeilisearchSink of(MeilisearchIndexes indexes, MeilisearchSinkSpec spec, String liveIndex) {
        return new MeilisearchSink(indexes, indexes.fullIndexUid(liveIndex), indexes.fullIndexUid(spec.index()),
                spec.primaryKey() == null ? ThingDocument.PRIMARY_KEY : spec.primaryKey(),
                spec.searchableAttributes() == null ? ThingDocument.SEARCHABLE_ATTRIBUTES : spec.searchableAttributes(),
                spec.filterableAttributes() == null ? ThingDocument.FILTERABLE_ATTRIBUTES : spec.filterableAttributes(),
                spec.sortableAttributes() == null ? ThingDocument.SORTABLE_ATTRIBUTES : spec.sortableAttributes());
    }

    public String indexUid() {
        return indexUid;
    }

    @Override
    public void prepare() {
        indexes.ensure(indexUid, primaryKey, searchable, filterable, sortable);
    }

    /** Meilisearch indexes the additions queued for one index together, in one batch. */
    @Override
    public boolean mergesQueuedDeliveries() {
        return true;
    }

    @Override
    public void deliver(List<DocumentChange> batch, Duration timeout) {
        deliver(batch, null, timeout);
    }

    /**
     * A document as the JSON Meilisearch receives, written on the task's converting thread: a delivery then holds
     * compact bytes rather than maps, and sends them as they are. Null for a delete, or for a document Meilisearch
     * would refuse (the delivery says why, and parks its Thing).
     */
    @Override
    public Object encode(DocumentChange change) {
        if (!(change instanceof DocumentChange.Upsert upsert) || !isDocumentId(change.id())) {
            return null;
        }
        Map<String, Object> document = keyed(upsert, primaryKey);
        return refusal(document, primaryKey) == null ? json(document, indexUid) : null;
    }

    @Override
    public void deliver(List<DocumentChange> batch, List<Object> encoded, Duration timeout) {
        Collapsed collapsed = collapse(batch, encoded, primaryKey, indexUid);
        if (collapsed.isEmpty()) {
            return;
        }
        Future<Enqueued> delivery = calls.submit(() -> send(collapsed));
        Enqueued enqueued;
        try {
            enqueued = delivery.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            delivery.cancel(true);
            throw new MeilisearchFailure("Meilisearch at " + indexes.url() + " did not accept a batch of "
                    + collapsed.size() + " change(s) for index " + indexUid + " within " + timeout, null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new MeilisearchFailure("Delivery to Meilisearch index " + indexUid + " failed: " + FailureText.reason(e.getCause()),
                    null, e.getCause());
        } catch (InterruptedException e) {
            delivery.cancel(true);
            Thread.currentThread().interrupt();
            throw new MeilisearchFailure("Interrupted while delivering to Meilisearch index " + indexUid, null, e);
        }
        // awaited on the caller's thread, with the task timeout: indexing a large catch-up delivery takes longer
        // than enqueuing it, and the next delivery may be sent meanwhile by another segment
        confirmation.confirm(collapsed.upsertIds(), collapsed.upserts(), enqueued.addition(), enqueued.deletion(),
                indexes.properties().taskTimeout());
    }

    /** The tasks one delivery enqueued, null where none. */
    private record Enqueued(Integer addition, Integer deletion) {
    }

    private Enqueued send(Collapsed batch) {
        Integer addition = null;
        Integer deletion = null;
        if (!batch.upserts().isEmpty()) {
            addition = enqueued(indexes.addDocuments(indexUid, primaryKey, batch.upserts()));
        }
        if (!batch.deletes().isEmpty()) {
            Index index = indexes.client().index(indexUid);
            TaskInfo task = indexes.call("delete " + batch.deletes().size() + " document(s) from " + indexUid,
                    () -> index.deleteDocuments(batch.deletes()));
            if (task == null || task.getStatus() == null) {
                throw new MeilisearchFailure("Meilisearch at " + indexes.url() + " answered without a task for index "
                        + indexUid, null, null);
            }
            deletion = enqueued(task.getTaskUid());
        }
        return new Enqueued(addition, deletion);
    }

    private int enqueued(int taskUid) {
        lastTaskUid = taskUid;
        return taskUid;
    }

    /**
     * Waits until Meilisearch has processed every change this sink enqueued (tasks of one index run in order).
     * Throws when that takes longer than {@code timeout}, or when the last task failed. For tests and benchmarks.
     */
    public void awaitIndexed(Duration timeout) {
        Integer last = lastTaskUid;
        if (last == null) {
            return;
        }
        Task task = indexes.awaitTask(last, timeout);
        if (task.getStatus() != TaskStatus.SUCCEEDED) {
            throw indexes.taskFailed(task);
        }
    }

    @Override
    public Optional<Sink> rebuildCopy(long generation) {
        return Optional.of(new MeilisearchSink(indexes, copyUid(generation), copyBase, primaryKey, searchable,
                filterable, sortable));
    }

    /**
     * At most a couple of batches still to index: a copy that receives writes all the time never has none, and
     * what is left is indexed before the swap, which Meilisearch queues behind it.
     */
    @Override
    public boolean settled() {
        return indexes.pendingTasks(indexUid, 3) <= 2;
    }

    /** Until the index has no task enqueued or processing, within the task timeout. */
    @Override
    public void awaitInEffect() {
        indexes.awaitIdle(indexUid, indexes.properties().taskTimeout());
    }

    /** The documents Meilisearch has indexed, once it has processed every task of the index. */
    @Override
    public long documentCount() {
        awaitInEffect();
        return indexes.documentCount(indexUid);
    }

    @Override
    public boolean keeps(String thingId) {
        return true;
    }

    @Override
    public long failedTasks() {
        return indexes.failedTasks(indexUid);
    }

    /** Swaps the copy in; the old documents, now under the copy's name, are left for {@link #dropCopy}. */
    @Override
    public void swapIn(long generation) {
        String copy = copyUid(generation);
        prepare();
        if (indexes.exists(copy)) {
            indexes.swap(indexUid, copy);
        }
        // no copy: swapped and dropped already
    }

    /** Deletes the copy's index (enqueued, not awaited); nothing when there is none. */
    @Override
    public void dropCopy(long generation) {
        indexes.deleteLater(copyUid(generation));
    }

    /** The index a full sync builds beside the live one; after the swap it holds the old documents until dropped. */
    String copyUid(long generation) {
        return copyName(copyBase, generation);
    }

    /** The index full sync {@code generation} builds for an index named {@code base}. */
    public static String copyName(String base, long generation) {
        return base + "__rebuild_" + generation;
    }

    @Override
    public String describe() {
        return "meilisearch index " + indexUid;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    private static byte[] json(Map<String, Object> document, String indexUid) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A document for Meilisearch index " + indexUid
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The change's document with its id under the primary key and its text made valid Unicode (a copy when either is
     * needed: never changed in place).
     */
    private static Map<String, Object> keyed(DocumentChange.Upsert upsert, String primaryKey) {
        Map<String, Object> document = WellFormedText.document(upsert.document());
        if (!document.containsKey(primaryKey)) {
            document = new LinkedHashMap<>(document);
            document.put(primaryKey, upsert.id());
        }
        return document;
    }

    /**
     * The batch reduced to the last change per id: whole documents to put as JSON (each carrying its id under the
     * primary key; {@code encoded}, when given, holds those written ahead, null where none) and ids to delete.
     * Documents Meilisearch would refuse (see {@link #refusal}) fail the batch with {@link ChangesRejected}, naming
     * every one of them.
     */
    static Collapsed collapse(List<DocumentChange> batch, List<Object> encoded, String primaryKey, String indexUid) {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String id = batch.get(i).id();
            last.remove(id);
            last.put(id, i);
        }
        List<byte[]> upserts = new ArrayList<>();
        List<String> upsertIds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (int i : last.values()) {
            DocumentChange change = batch.get(i);
            String id = change.id();
            if (!isDocumentId(id)) {
                refused.put(String.valueOf(id), "the primary key " + primaryKey + " must be " + ID_RULE);
            } else if (change instanceof DocumentChange.Upsert upsert) {
                if (encoded != null && encoded.get(i) instanceof byte[] written) {
                    upserts.add(written);
                    upsertIds.add(id);
                    continue;
                }
                Map<String, Object> document = keyed(upsert, primaryKey);
                String refusal = refusal(document, primaryKey);
                if (refusal != null) {
                    refused.put(id, refusal);
                } else {
                    upserts.add(json(document, indexUid));
                    upsertIds.add(id);
                }
            } else {
                deletes.add(id);
            }
        }
        if (!refused.isEmpty()) {
            throw new ChangesRejected(refused);
        }
        return new Collapsed(upserts, upsertIds, deletes);
    }

    private static final String ID_RULE = "an integer, or 1..511 bytes of A-Z a-z 0-9 - _";

    /**
     * Why Meilisearch would refuse this document whatever the retry (its documented rules for the primary key and
     * the reserved {@code _geo} field), or null. Said without the document's values: the dead letter names the Thing.
     */
    static String refusal(Map<String, Object> document, String primaryKey) {
        Object key = document.get(primaryKey);
        boolean keyOk = key instanceof String text ? isDocumentId(text)
                : (key instanceof Integer || key instanceof Long) && ((Number) key).longValue() >= 0;
        if (!keyOk) {
            return "the primary key " + primaryKey + " must be " + ID_RULE;
        }
        Object geo = document.get("_geo");
        if (geo != null && !(geo instanceof Map<?, ?> point && isCoordinate(point.get("lat"))
                             && isCoordinate(point.get("lng")))) {
            return "_geo must be an object with numeric lat and lng";
        }
        return null;
    }

    private static boolean isDocumentId(String id) {
        return id != null && DOCUMENT_ID.matcher(id).matches() && id.getBytes(StandardCharsets.UTF_8).length <= 511;
    }

    private static boolean isCoordinate(Object value) {
        if (value instanceof Number) {
            return true;
        }
        try {
            return value instanceof String text && Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code upsertIds} names the document of each of {@code upserts}, in the same order. */
    record Collapsed(List<byte[]> upserts, List<String> upsertIds, List<String> deletes) {

        boolean isEmpty() {
            return upserts.isEmpty() && deletes.isEmpty();
        }

        int size() {
            return upserts.size() + deletes.size();
        }
    }
}

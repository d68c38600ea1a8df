package dovetail.projections.search;

import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.exceptions.MeilisearchApiException;
import com.meilisearch.sdk.exceptions.MeilisearchException;
import com.meilisearch.sdk.model.Pagination;
import com.meilisearch.sdk.model.Settings;
import com.meilisearch.sdk.model.SwapIndexesParams;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import com.meilisearch.sdk.model.TasksQuery;
import com.meilisearch.sdk.model.TypoTolerance;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index administration on one Meilisearch server: create an index with its settings, swap two, delete one, count
 * its documents. Its {@link #tasks() tasks} wait for what Meilisearch enqueued, and calls the SDK cannot make go
 * over {@link MeilisearchHttp}.
 */
public class MeilisearchIndexes {

    private static final Logger log = LoggerFactory.getLogger(MeilisearchIndexes.class);

    /**
     * Word lengths from which one and two typos are forgiven. Meilisearch's defaults are 5 and 9, under which no
     * four-letter word (lamp, desk, sofa: typical of Thing names) tolerates a typo; {@code lmap} found nothing.
     */
    static final Map<String, Integer> MIN_WORD_SIZE_FOR_TYPOS = Map.of("oneTypo", 4, "twoTypos", 8);

    private final Client client;
    private final MeilisearchProperties properties;
    private final MeilisearchTasks tasks;
    private final MeilisearchHttp http;

    public MeilisearchIndexes(Client client, MeilisearchProperties properties) {
        this.client = client;
        this.properties = properties;
        this.tasks = new MeilisearchTasks(client, properties);
        this.http = new MeilisearchHttp(properties);
    }

    public Client client() {
        return client;
    }

    public MeilisearchProperties properties() {
        return properties;
    }

    /** The server's tasks: what a change of an index or its documents enqueued. */
    public MeilisearchTasks tasks() {
        return tasks;
    }

    MeilisearchHttp http() {
        return http;
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
            Task task = tasks.awaitTask(created.getTaskUid(), properties.taskTimeout());
            if (task.getStatus() != TaskStatus.SUCCEEDED
                && !"index_already_exists".equals(MeilisearchTasks.errorCode(task))) {
                throw tasks.taskFailed(task);
            }
            index = existing(indexUid);
            if (index == null) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " created index " + indexUid
                        + " but does not find it", "index_not_found", null);
            }
        }
        if (index.getPrimaryKey() == null) {
            tasks.awaitSucceeded(call("set the primary key of " + indexUid,
                    () -> client.updateIndex(indexUid, primaryKey)));
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
            tasks.awaitSucceeded(call("update settings of " + indexUid, () -> target.updateSettings(changes)));
        }
    }

    /** Deletes the index and waits until it is gone; a missing index is not an error. */
    public void delete(String indexUid) {
        TaskInfo deletion = call("delete index " + indexUid, () -> client.deleteIndex(indexUid));
        Task task = tasks.awaitTask(deletion.getTaskUid(), properties.taskTimeout());
        if (task.getStatus() != TaskStatus.SUCCEEDED
            && !"index_not_found".equals(MeilisearchTasks.errorCode(task))) {
            throw tasks.taskFailed(task);
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
            Task task = MeilisearchTasks.isFinished(earlier.get().getStatus()) ? earlier.get()
                    : tasks.awaitTask(earlier.get().getUid(), properties.taskTimeout());
            if (task.getStatus() == TaskStatus.SUCCEEDED) {
                return;
            }
        }
        SwapIndexesParams pair = new SwapIndexesParams().setIndexes(new String[] {live, copy});
        tasks.awaitSucceeded(call("swap indexes " + live + " and " + copy,
                () -> client.swapIndexes(new SwapIndexesParams[] {pair})));
    }

    /** The newest swap task of this pair of indexes that has not failed, from Meilisearch's task history. */
    private Optional<Task> swapOf(String live, String copy) {
        Task[] swaps = call("read swap tasks", () -> client.getTasks(new TasksQuery().setTypes(
                new String[] {"indexSwap"}).setLimit(1000))).getResults();
        for (Task task : swaps == null ? new Task[0] : swaps) {
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

    <T> T call(String action, Supplier<T> call) {
        return MeilisearchFailure.calling(url(), action, call);
    }

    String url() {
        return properties.url();
    }

    /** An operator-readable failure: unreachable, refused (with Meilisearch's code and message), or failed. */
    MeilisearchFailure failure(String action, MeilisearchException e) {
        return MeilisearchFailure.of(url(), action, e);
    }
}

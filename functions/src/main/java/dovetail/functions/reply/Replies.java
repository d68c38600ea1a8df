package dovetail.functions.reply;

import dovetail.domain.search.InvalidSearch;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.synctask.FullSyncRunning;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskError;
import dovetail.domain.synctask.SyncTaskNotFound;
import dovetail.domain.synctask.SyncTaskStillActive;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.ThingError;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.VersionConflict;

/** Domain answers as replies; each refusal carries its domain message, the one GraphQL answers too. */
public final class Replies {

    private Replies() {
    }

    public static Reply of(ThingError error) {
        if (error instanceof VersionConflict conflict) {
            return new Reply.VersionConflict(conflict.message(), conflict.id(), conflict.expectedVersion(),
                    conflict.currentVersion());
        }
        if (error instanceof ThingNotFound notFound) {
            return new Reply.ThingNotFound(notFound.message(), notFound.id());
        }
        return Reply.InvalidInput.of(((InvalidInput) error).problems());
    }

    public static Reply of(SearchOutcome outcome) {
        if (outcome instanceof InvalidSearch invalid) {
            return new Reply.InvalidSearch(invalid.message(), invalid.parameter());
        }
        SearchResults results = (SearchResults) outcome;
        return new Reply.SearchResults(results.hits().stream()
                .map(hit -> new Reply.SearchResults.Hit(Reply.Thing.of(hit.thing()), hit.highlights())).toList(),
                results.totalHits(), results.page(), results.hitsPerPage(), results.totalPages(),
                results.facetDistribution(), results.processingTimeMillis());
    }

    public static Reply of(SyncTaskError error) {
        if (error instanceof SyncTaskNotFound notFound) {
            return new Reply.SyncTaskNotFound(notFound.message(), notFound.id());
        }
        if (error instanceof SyncTaskAlreadyExists exists) {
            return new Reply.SyncTaskAlreadyExists(exists.message(), exists.id());
        }
        if (error instanceof FullSyncRunning running) {
            return new Reply.FullSyncRunning(running.message(), running.id());
        }
        if (error instanceof SyncTaskStillActive active) {
            return new Reply.SyncTaskStillActive(active.message(), active.id());
        }
        return Reply.InvalidInput.of(((InvalidTaskDefinition) error).problems());
    }

    public static Reply.SyncTask of(SyncTaskView task) {
        return new Reply.SyncTask(task.id(), task.status(), task.definition(), task.position(), task.head(),
                task.lagEvents(), task.lagSeconds(), task.lastError(), task.lastErrorAt(), task.delivered(),
                task.failures(), task.throughputPerSecond());
    }
}

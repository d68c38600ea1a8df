package dovetail.functions.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every function answers: a JSON object whose {@code type} names the result, as GraphQL's {@code __typename}
 * does: {@code Thing}, {@code DeletedThing}, {@code SearchResults}, {@code SyncTask}, {@code SyncTasks}; refusals
 * ({@code VersionConflict}, {@code ThingNotFound}, {@code InvalidInput}, {@code InvalidSearch},
 * {@code SyncTaskNotFound}, {@code SyncTaskAlreadyExists}, {@code SyncTaskStillActive}, {@code FullSyncRunning}) carry a {@code message}
 * and the same fields as in GraphQL; a request that could not be read answers {@code MalformedRequest}, one whose
 * body or {@code Accept} is not JSON {@code UnsupportedMediaType} or {@code NotAcceptable}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Reply {

    @JsonTypeName("Thing")
    record Thing(String id, String name, double foo, Instant createdOn, Instant updatedOn, long version)
            implements Reply {

        public static Thing of(ThingView view) {
            return new Thing(view.id(), view.name(), view.foo(), view.createdOn(), view.updatedOn(), view.version());
        }
    }

    @JsonTypeName("DeletedThing")
    record DeletedThing(String id) implements Reply {
    }

    @JsonTypeName("VersionConflict")
    record VersionConflict(String message, String id, long expectedVersion, long currentVersion) implements Reply {
    }

    @JsonTypeName("ThingNotFound")
    record ThingNotFound(String message, String id) implements Reply {
    }

    @JsonTypeName("InvalidInput")
    record InvalidInput(String message, List<Problem> problems) implements Reply {

        public static InvalidInput of(List<Problem> problems) {
            return new InvalidInput(Problem.summary(problems), problems);
        }
    }

    @JsonTypeName("SearchResults")
    record SearchResults(List<Hit> hits, long totalHits, int page, int hitsPerPage, int totalPages,
                         Map<String, Map<String, Long>> facets, int processingTimeMs) implements Reply {

        public record Hit(Thing thing, Map<String, String> highlights) {
        }
    }

    @JsonTypeName("InvalidSearch")
    record InvalidSearch(String message, String parameter) implements Reply {
    }

    @JsonTypeName("SyncTask")
    record SyncTask(String id, SyncTaskStatus status, SyncTaskDefinition definition, Long position, Long head,
                    Long lagEvents, Double lagSeconds, String lastError, Instant lastErrorAt, long delivered,
                    long failures, double throughput) implements Reply {
    }

    @JsonTypeName("SyncTasks")
    record SyncTasks(List<SyncTask> tasks) implements Reply {
    }

    @JsonTypeName("SyncTaskNotFound")
    record SyncTaskNotFound(String message, String id) implements Reply {
    }

    @JsonTypeName("SyncTaskAlreadyExists")
    record SyncTaskAlreadyExists(String message, String id) implements Reply {
    }

    @JsonTypeName("FullSyncRunning")
    record FullSyncRunning(String message, String id) implements Reply {
    }

    @JsonTypeName("SyncTaskStillActive")
    record SyncTaskStillActive(String message, String id) implements Reply {
    }

    /** The request was not JSON, or not the JSON this function takes; {@code message} says what was wrong. */
    @JsonTypeName("MalformedRequest")
    record MalformedRequest(String message) implements Reply {
    }

    /** The request's body is not of a type the functions read ({@code Content-Type}); {@code supported} lists those. */
    @JsonTypeName("UnsupportedMediaType")
    record UnsupportedMediaType(String message, List<String> supported) implements Reply {
    }

    /** The request's {@code Accept} takes none of the types the functions answer; {@code supported} lists those. */
    @JsonTypeName("NotAcceptable")
    record NotAcceptable(String message, List<String> supported) implements Reply {
    }

    /** No function over HTTP has the name a request gave; {@code supported} lists those there are. */
    @JsonTypeName("UnknownFunction")
    record UnknownFunction(String message, List<String> supported) implements Reply {
    }

    /** The Kafka intake got a {@code type} it does not handle; {@code supported} lists those it does. */
    @JsonTypeName("UnknownCommand")
    record UnknownCommand(String message, List<String> supported) implements Reply {
    }

    /** Dovetail failed (e.g. its database was unreachable); the error id is in its log. Nothing may have been stored. */
    @JsonTypeName("InternalError")
    record InternalError(String message, String errorId) implements Reply {
    }
}

package dovetail.functions.synctask;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.functions.access.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code syncTaskControl}: an {@code action} on a task, which needs the role {@link Action} gives it: {@code get},
 * {@code list}, {@code create} and {@code update} (with the definition's parts), {@code pause}, {@code resume},
 * {@code fullSync} (replay the whole event store into the sink) and {@code delete} (refused for an active task unless
 * {@code force}).
 */
public record SyncTaskControlRequest(String action, String id, SinkSpec sink, FilterSpec filter,
                                     List<FieldTransform> transform, TaskOptions options, Boolean force) {

    /** What a request may ask, in the order a refusal lists them, each with the role it needs over HTTP. */
    enum Action {
        GET("get", Role.READ),
        LIST("list", Role.READ),
        CREATE("create", Role.ADMIN),
        UPDATE("update", Role.ADMIN),
        PAUSE("pause", Role.OPERATOR),
        RESUME("resume", Role.OPERATOR),
        FULL_SYNC("fullSync", Role.ADMIN),
        DELETE("delete", Role.ADMIN);

        static final List<String> NAMES = Arrays.stream(values()).map(action -> action.name).toList();

        private final String name;
        private final Role role;

        Action(String name, Role role) {
            this.name = name;
            this.role = role;
        }

        static Optional<Action> named(String name) {
            return Arrays.stream(values()).filter(action -> action.name.equals(name)).findFirst();
        }
    }

    /**
     * The role a request needs over HTTP: its action's. One that names no action changes nothing (the function refuses
     * it), so reading suffices for it.
     */
    public static Role neededRole(JsonNode request) {
        return Action.named(request.path("action").asText()).map(action -> action.role).orElse(Role.READ);
    }

    Optional<Action> requestedAction() {
        return Action.named(action);
    }

    SyncTaskDefinition definition() {
        return new SyncTaskDefinition(sink, filter, transform, options);
    }
}

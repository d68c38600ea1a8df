package dovetail.functions.synctask;

import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import java.util.List;

/**
 * {@code syncTaskControl}: an {@code action} on a task. {@code get} and {@code list} read; {@code pause} and
 * {@code resume} need the operator role; {@code create}, {@code update} (with the definition's parts),
 * {@code fullSync} (replay the whole event store into the sink) and {@code delete} (refused for an active task
 * unless {@code force}) need admin.
 */
public record SyncTaskControlRequest(String action, String id, SinkSpec sink, FilterSpec filter,
                                     List<FieldTransform> transform, TaskOptions options, Boolean force) {

    public static final List<String> ACTIONS = List.of("get", "list", "create", "update", "pause", "resume", "fullSync",
            "delete");

    SyncTaskDefinition definition() {
        return new SyncTaskDefinition(sink, filter, transform, options);
    }
}

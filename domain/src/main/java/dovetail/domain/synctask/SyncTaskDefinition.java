package dovetail.domain.synctask;

import java.util.List;

/** Everything a task is configured with; any part may be null in input and is then defaulted or refused. */
public record SyncTaskDefinition(SinkSpec sink, FilterSpec filter, List<FieldTransform> transform, TaskOptions options) {
}

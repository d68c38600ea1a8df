package dovetail.graphql.synctask;

import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import java.util.List;

/** The GraphQL input of create and update: an id and the parts of a definition. */
record SyncTaskInput(String id, SinkSpec sink, FilterSpec filter, List<FieldTransform> transform, TaskOptions options) {

    SyncTaskDefinition definition() {
        return new SyncTaskDefinition(sink, filter, transform, options);
    }
}

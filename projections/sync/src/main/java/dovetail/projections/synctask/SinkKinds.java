package dovetail.projections.synctask;

import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.projections.sink.RelocatingSinks;
import dovetail.projections.sink.SinkFactory;
import dovetail.projections.sink.SinkTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The sink kinds this deployment has (a {@link SinkFactory} bean each), and the targets of a task through them. */
@Component
class SinkKinds {

    private final List<SinkFactory> factories;

    SinkKinds(List<SinkFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    private SinkFactory of(SyncTaskDefinition definition) {
        return factories.stream().filter(factory -> factory.builds(definition)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No sink of kind " + definition.sink().type()
                                                             + " in this deployment"));
    }

    /** The definition's targets, without sinks. */
    List<SinkTarget> targets(SyncTaskDefinition definition) {
        return of(definition).targets(definition);
    }

    /** The names of the definition's targets (null for a task's only target). */
    List<String> names(SyncTaskDefinition definition) {
        return targets(definition).stream().map(SinkTarget::name).toList();
    }

    /** Each target of the definition with a sink of its own, delivering into {@code liveLocation} (the caller closes them). */
    List<TaskTarget> open(String taskId, SyncTaskDefinition definition, String liveLocation) {
        SinkFactory factory = of(definition);
        List<TaskTarget> targets = new ArrayList<>();
        try {
            for (SinkTarget target : factory.targets(definition)) {
                targets.add(new TaskTarget(target, factory.create(taskId, definition, target, liveLocation)));
            }
            return targets;
        } catch (RuntimeException e) {
            TaskTarget.closeAll(targets);
            throw e;
        }
    }

    /** The factory of a kind whose full sync may move the task's data elsewhere. */
    Optional<RelocatingSinks> relocating(SyncTaskDefinition definition) {
        return of(definition) instanceof RelocatingSinks relocating ? Optional.of(relocating) : Optional.empty();
    }
}

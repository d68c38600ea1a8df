package dovetail.projections.synctask;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.projections.sink.BuiltInTask;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the tasks every deployment has, once, unless {@code dovetail.sync-tasks.create-built-in} is false: each is
 * a {@link BuiltInTask} bean declared beside its sink ({@code things-search} with the search sink, {@code things-kafka}
 * with the Kafka sink, {@code things-legacy} with the legacy store). A task that exists (or an instance that lost the race to
 * create it) is left alone.
 */
@Configuration(proxyBeanMethods = false)
class BuiltInSyncTasks {

    private static final Logger log = LoggerFactory.getLogger(BuiltInSyncTasks.class);

    @Bean
    ApplicationRunner builtInTaskCreation(CommandGateway commands, SyncTaskProperties properties,
                                          List<BuiltInTask> tasks) {
        return (ApplicationArguments args) -> {
            if (!properties.createBuiltIn()) {
                return;
            }
            for (BuiltInTask task : tasks) {
                if (task.wanted()) {
                    create(commands, task);
                }
            }
        };
    }

    private static void create(CommandGateway commands, BuiltInTask task) {
        SyncTaskOutcome outcome = commands.sendAndWait(new CreateSyncTask(task.id(), task.definition()));
        if (outcome instanceof SyncTaskAccepted) {
            log.info("Created the built-in sync task {} ({} sink)", task.id(), task.definition().sink().type());
        } else if (!(outcome instanceof SyncTaskAlreadyExists)) {
            throw new IllegalStateException("Could not create the built-in sync task " + task.id() + ": " + outcome);
        }
    }
}

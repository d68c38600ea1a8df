package dovetail.migration.sink;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.LegacySinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.domain.synctask.TaskOptions;
import dovetail.migration.legacy.LegacyStore;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Creates the built-in {@code things-legacy} task once, when a legacy store is configured. */
@Component
@ConditionalOnProperty("dovetail.legacy.datasource.url")
class ThingsLegacyTask implements ApplicationRunner {

    public static final String ID = "things-legacy";

    private static final Logger log = LoggerFactory.getLogger(ThingsLegacyTask.class);

    private final CommandGateway commands;
    private final LegacyStore store;
    private final boolean create;

    ThingsLegacyTask(CommandGateway commands, LegacyStore store,
                     @Value("${dovetail.sync-tasks.create-built-in:true}") boolean create) {
        this.commands = commands;
        this.store = store;
        this.create = create;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!create) {
            return;
        }
        // small batches, delivered soon: the legacy side reads its table live during dual-run
        SyncTaskDefinition definition = new SyncTaskDefinition(
                new SinkSpec(new LegacySinkSpec(LegacySinks.DATA_SOURCE, store.table())), null, null,
                new TaskOptions(500, null, null, null));
        SyncTaskOutcome outcome = commands.sendAndWait(new CreateSyncTask(ID, definition));
        if (outcome instanceof SyncTaskAccepted) {
            log.info("Created the built-in sync task {} ({})", ID, store);
        } else if (!(outcome instanceof SyncTaskAlreadyExists)) {
            throw new IllegalStateException("Could not create the built-in sync task " + ID + ": " + outcome);
        }
    }
}

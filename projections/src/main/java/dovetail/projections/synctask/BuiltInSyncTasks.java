package dovetail.projections.synctask;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskOutcome;
import dovetail.projections.search.ThingDocument;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the tasks every deployment has, once: {@code things-search} feeds the {@code things} index that
 * {@code searchThings} reads. A task that exists (or an instance that lost the race to create it) is left alone.
 */
@Component
class BuiltInSyncTasks implements ApplicationRunner {

    static final String THINGS_SEARCH = "things-search";

    private static final Logger log = LoggerFactory.getLogger(BuiltInSyncTasks.class);

    private final CommandGateway commands;
    private final SyncTaskProperties properties;
    private final String thingsIndex;

    BuiltInSyncTasks(CommandGateway commands, SyncTaskProperties properties,
                     dovetail.projections.search.SearchProperties search) {
        this.commands = commands;
        this.properties = properties;
        this.thingsIndex = search.thingsIndex();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.createBuiltIn()) {
            return;
        }
        SyncTaskDefinition definition = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec(thingsIndex,
                ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES, ThingDocument.FILTERABLE_ATTRIBUTES,
                ThingDocument.SORTABLE_ATTRIBUTES)), null, null, null);
        SyncTaskOutcome outcome = commands.sendAndWait(new CreateSyncTask(THINGS_SEARCH, definition));
        if (outcome instanceof SyncTaskAccepted) {
            log.info("Created the built-in sync task {} (index {})", THINGS_SEARCH, thingsIndex);
        } else if (!(outcome instanceof SyncTaskAlreadyExists)) {
            throw new IllegalStateException("Could not create the built-in sync task " + THINGS_SEARCH + ": " + outcome);
        }
    }
}

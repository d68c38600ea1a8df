package dovetail.projections.kafka;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskAlreadyExists;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskOutcome;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the built-in {@code things-kafka} task once: one task writes both Thing topics, every event to
 * {@code dovetail.things.events} and the latest state to the compacted {@code dovetail.things.state}, so the two
 * always stand at the same position of the event stream and the store is read once for both.
 */
@Component
class ThingsKafkaTask implements ApplicationRunner {

    static final String ID = "things-kafka";
    public static final String EVENTS_TOPIC = "dovetail.things.events";
    public static final String STATE_TOPIC = "dovetail.things.state";

    private static final Logger log = LoggerFactory.getLogger(ThingsKafkaTask.class);

    private final CommandGateway commands;
    private final boolean create;

    ThingsKafkaTask(CommandGateway commands, KafkaTopicsProperties properties,
                    @Value("${dovetail.sync-tasks.create-built-in:true}") boolean createBuiltIn) {
        this.commands = commands;
        this.create = createBuiltIn && properties.builtInTask();
    }

    static SyncTaskDefinition definition() {
        return new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(List.of(
                new KafkaTopicSpec(EVENTS_TOPIC, KafkaFormat.EVENTS),
                new KafkaTopicSpec(STATE_TOPIC, KafkaFormat.STATE)))), null, null, null);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!create) {
            return;
        }
        SyncTaskOutcome outcome = commands.sendAndWait(new CreateSyncTask(ID, definition()));
        if (outcome instanceof SyncTaskAccepted) {
            log.info("Created the built-in sync task {} (topics {}, {})", ID, EVENTS_TOPIC, STATE_TOPIC);
        } else if (!(outcome instanceof SyncTaskAlreadyExists)) {
            throw new IllegalStateException("Could not create the built-in sync task " + ID + ": " + outcome);
        }
    }
}

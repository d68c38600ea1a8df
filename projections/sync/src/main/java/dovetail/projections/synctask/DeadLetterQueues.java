package dovetail.projections.synctask;

import java.util.List;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds the dead-letter queue of each task processor, and removes one with its task. */
@Component
class DeadLetterQueues {

    private final EntityManagerProvider entityManagers;
    private final TransactionManager transactions;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final JdbcTemplate jdbc;
    private final SyncTaskProperties properties;
    private final org.axonframework.config.Configuration axon;

    DeadLetterQueues(EntityManagerProvider entityManagers, TransactionManager transactions,
                     @Qualifier("serializer") Serializer serializer,
                     @Qualifier("eventSerializer") Serializer eventSerializer, JdbcTemplate jdbc,
                     SyncTaskProperties properties, org.axonframework.config.Configuration axon) {
        this.entityManagers = entityManagers;
        this.transactions = transactions;
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
        this.jdbc = jdbc;
        this.properties = properties;
        this.axon = axon;
    }

    TaskDeadLetters of(String processorName) {
        JpaSequencedDeadLetterQueue<EventMessage<?>> queue = JpaSequencedDeadLetterQueue.builder()
                .processingGroup(processorName)
                .entityManagerProvider(entityManagers)
                .transactionManager(transactions)
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                .clearConverters()
                .addConverter(new UpcastingDeadLetters(axon.upcasterChain()))
                .maxSequences(properties.deadLetterMaxThings())
                .maxSequenceSize(Integer.MAX_VALUE)
                .build();
        return new TaskDeadLetters(processorName, queue, jdbc, transactions);
    }

    /** Drops the letters of these processors (a deleted task, a full sync stopped). */
    void drop(List<String> processorNames) {
        processorNames.forEach(name -> jdbc.update("delete from dead_letter_entry where processing_group = ?", name));
    }

    /** The live task takes over what the full sync's copy parked; what the live task had parked was delivered again. */
    void handOver(String copyProcessor, String liveProcessor) {
        jdbc.update("delete from dead_letter_entry where processing_group = ?", liveProcessor);
        jdbc.update("update dead_letter_entry set processing_group = ? where processing_group = ?", liveProcessor,
                copyProcessor);
    }
}

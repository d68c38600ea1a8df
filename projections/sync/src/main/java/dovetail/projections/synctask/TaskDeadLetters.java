package dovetail.projections.synctask;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One task processor's sequenced dead-letter queue (Axon's, stored by JPA in {@code dead_letter_entry}). A sequence
 * is one Thing: once an event of a Thing is parked, the Thing's later events are parked behind it, in order, and
 * other Things keep flowing.
 */
final class TaskDeadLetters {

    private final String processingGroup;
    private final SequencedDeadLetterQueue<EventMessage<?>> queue;
    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;

    TaskDeadLetters(String processingGroup, SequencedDeadLetterQueue<EventMessage<?>> queue, JdbcTemplate jdbc,
                    TransactionManager transactions) {
        this.processingGroup = processingGroup;
        this.queue = queue;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    static String sequenceOf(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    /** The Things with parked events now: one cheap indexed read per batch, so a batch never asks per event. */
    Set<String> parkedThings() {
        return new HashSet<>(jdbc.queryForList(
                "select distinct sequence_identifier from dead_letter_entry where processing_group = ?",
                String.class, processingGroup));
    }

    /** Parks the event behind its Thing's earlier parked events, if there still are any; false when there are none. */
    boolean waitBehind(EventMessage<?> event) {
        String sequence = sequenceOf(event);
        return queue.enqueueIfPresent(sequence, () -> new GenericDeadLetter<>(sequence, event));
    }

    /** Parks the event; {@code cause} is null for an event that only waits behind an earlier one of its Thing. */
    void park(EventMessage<?> event, Throwable cause) {
        String sequence = sequenceOf(event);
        queue.enqueue(sequence, cause == null ? new GenericDeadLetter<>(sequence, event)
                : new GenericDeadLetter<>(sequence, event, cause));
    }

    /**
     * Runs {@code task} over the parked events of one Thing not in {@code skip}, in order, until one of them is
     * parked again; answers whether all of them went through.
     */
    boolean processOne(Set<Object> skip,
                       Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        return transactions.fetchInTransaction(() -> queue.process(
                letter -> !skip.contains(sequenceOf(letter.message())), task));
    }

    /** Drops every letter of these Things (all letters when {@code things} is null); answers how many. */
    long evict(java.util.List<String> things) {
        return transactions.fetchInTransaction(() -> {
            long before = size();
            if (things == null) {
                queue.clear();
            } else {
                for (String thing : things) {
                    for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(thing)) {
                        queue.evict(letter);
                    }
                }
            }
            return before - size();
        });
    }

    long size() {
        Long size = jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?",
                Long.class, processingGroup);
        return size == null ? 0 : size;
    }
}

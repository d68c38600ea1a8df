package dovetail.domain.store;

import java.util.List;
import org.axonframework.eventhandling.DomainEventData;

/**
 * Told of each batch of rows a reader of a long stretch of the store (a sync task catching up, a full sync) is about
 * to turn into events, before their payloads are read: what reading them needs is loaded for the whole batch at
 * once (the Things' data keys: one query for a batch rather than one per Thing).
 */
public interface StoredBatchPreparation {

    void prepare(List<? extends DomainEventData<?>> rows);
}

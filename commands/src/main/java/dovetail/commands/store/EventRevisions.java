package dovetail.commands.store;

import dovetail.commands.erasure.ThingFieldDecryption;
import dovetail.commands.erasure.ThingFieldEncryption;
import javax.sql.DataSource;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How events stored at an older revision are read at the current one: one chain of upcasters, in the order the
 * revisions follow each other. Axon's configuration takes every {@link EventUpcaster} bean into its upcaster chain,
 * which every reader of the store goes through: the store's own reads (aggregates, processors, histories), the sync
 * tasks' history readers, the full-sync check and the dead-letter queues. docs/events.md says how to add a revision.
 * Last in the chain, after every revision is current, a Thing event's encrypted fields are decrypted
 * ({@link ThingFieldDecryption}).
 */
@Configuration(proxyBeanMethods = false)
class EventRevisions {

    @Bean
    EventUpcaster eventRevisionUpcasters(DataSource dataSource, ThingFieldEncryption encryption) {
        return new EventUpcasterChain(chain(new StoredCreationTimes(new JdbcTemplate(dataSource))),
                new ThingFieldDecryption(encryption));
    }

    /** The upcasters, oldest revision first; {@code creationTimes} finds what revision 1 of an update may lack. */
    static EventUpcasterChain chain(ThingUpdatedCreatedOn.CreationTimes creationTimes) {
        return new EventUpcasterChain(new FirstRevision(), new ThingUpdatedCreatedOn(creationTimes));
    }
}

package dovetail.commands.erasure;

import dovetail.domain.store.StoredBatchPreparation;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Thing data keys and the encryption of the protected fields (see the module's README, "Erasure"). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErasureProperties.class)
public class ErasureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ErasureConfiguration.class);
    private static final int REWRAP_BATCH = 500;

    @Bean
    ThingKeys thingKeys(DataSource dataSource, ErasureProperties properties) {
        return new ThingKeys(new JdbcTemplate(dataSource), properties);
    }

    @Bean
    ThingFieldEncryption thingFieldEncryption(ErasureProperties properties, ThingKeys keys) {
        return new ThingFieldEncryption(properties, keys);
    }

    /**
     * A sync task catching up or a full sync reads the store in batches: the data keys of a batch's encrypted Thing
     * events are read with one query, on the thread that reads the batch, before the events are decrypted (not one
     * query per Thing as each is, on the thread that turns them into a sink's changes).
     */
    @Bean
    StoredBatchPreparation thingKeysAhead(ThingKeys keys) {
        return rows -> keys.prefetch(rows.stream()
                .filter(row -> ThingFieldEncryption.ENCRYPTED_TYPE_NAMES.contains(row.getPayload().getType().getName()))
                .map(DomainEventData::getAggregateIdentifier).toList());
    }

    /**
     * Key rotation: data keys wrapped by a previous key-encryption key are wrapped by the current one at start, in
     * batches, each row on its own (a restart picks up where this stopped).
     */
    @Bean
    ApplicationRunner rewrapDataKeys(ThingKeys keys, ErasureProperties properties) {
        return arguments -> {
            if (properties.previousKeyEncryptionKeys().isEmpty()) {
                return;
            }
            long rewrapped = 0;
            for (int batch = keys.rewrap(REWRAP_BATCH); batch > 0; batch = keys.rewrap(REWRAP_BATCH)) {
                rewrapped += batch;
            }
            log.info("Key rotation: {} data key(s) re-wrapped with the current key-encryption key; {} still wrapped"
                    + " by another", rewrapped, keys.wrappedByEarlierKeys());
        };
    }
}

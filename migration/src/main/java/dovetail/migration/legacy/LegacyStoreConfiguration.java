package dovetail.migration.legacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legacy store, when {@code dovetail.legacy.datasource.url} names one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LegacyProperties.class)
public class LegacyStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LegacyStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("dovetail.legacy.datasource.url")
    LegacyStore legacyStore(LegacyProperties properties) {
        LegacyStore store = new LegacyStore(properties);
        if (properties.createTable()) {
            store.createTableIfMissing();
        }
        log.info("Legacy store: {}", store);
        return store;
    }
}

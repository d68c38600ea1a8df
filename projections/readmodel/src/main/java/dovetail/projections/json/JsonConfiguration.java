package dovetail.projections.json;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's JSON mapper (which also reads the event store's payloads) reads instants through
 * {@link InstantJsonModule}: Spring Boot registers every Jackson module bean with it.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    InstantJsonModule instantJsonModule() {
        return InstantJsonModule.reader();
    }
}

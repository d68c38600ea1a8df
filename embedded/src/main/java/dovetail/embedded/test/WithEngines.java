package dovetail.embedded.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a test class against real PostgreSQL, Kafka and Meilisearch (see {@link TestEngines}), with a database and
 * a namespace of its own. Test methods and constructors may take a {@link TestEndpoints} parameter; a Spring test
 * gets {@code spring.datasource.*}, {@code spring.kafka.bootstrap-servers}, {@code dovetail.meilisearch.*},
 * {@code dovetail.kafka.topic-prefix} and {@code dovetail.test.namespace} set. Development mode stays off.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EnginesExtension.class)
@TestPropertySource(properties = "dovetail.embedded.enabled=false")
public @interface WithEngines {
}

package dovetail.app.support;

import dovetail.embedded.test.WithEngines;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A whole Dovetail on a random port, against real engines: its own PostgreSQL database, index and topic names,
 * and a context closed after the class so the next one starts clean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureHttpGraphQlTester
@WithEngines
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface DovetailTest {
}

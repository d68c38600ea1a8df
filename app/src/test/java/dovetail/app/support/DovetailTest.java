package dovetail.app.support;

import dovetail.embedded.test.WithEngines;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A whole Dovetail on a random port, against real engines: its own PostgreSQL database, index and topic names,
 * and a context closed after the class so the next one starts clean. Requests carry the admin token unless a
 * test says otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dovetail.security.tokens[0].name=test-admin", "dovetail.security.tokens[0].role=ADMIN",
        "dovetail.security.tokens[0].value=" + TestTokens.ADMIN,
        "dovetail.security.tokens[1].name=test-operator", "dovetail.security.tokens[1].role=OPERATOR",
        "dovetail.security.tokens[1].value=" + TestTokens.OPERATOR,
        "dovetail.security.tokens[2].name=test-reader", "dovetail.security.tokens[2].role=READ",
        "dovetail.security.tokens[2].sha256=" + TestTokens.READ_SHA256})
@AutoConfigureHttpGraphQlTester
@Import(TestTokens.AdminByDefault.class)
@WithEngines
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface DovetailTest {
}

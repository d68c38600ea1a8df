package dovetail.embedded.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TestNamespaceTest {

    @Test
    void derivesAShortLowercaseNameFromTheTestClass() {
        assertThat(TestNamespace.forClass(ThingGraphQlIT.class)).matches("t_thinggraphqlit_[0-9a-f]{4}");
    }

    @Test
    void staysAValidDatabaseNameForLongClassNames() {
        String namespace = TestNamespace.forClass(
                AVeryLongTestClassNameThatGoesOnAndOnWellPastWhatPostgresAllowsForIdentifiersIT.class);

        assertThat(namespace).hasSizeLessThanOrEqualTo(63).matches("[a-z_][a-z0-9_]*");
    }

    @Test
    void differsBetweenCallsForTheSameClass() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 20).forEach(i -> names.add(TestNamespace.forClass(ThingGraphQlIT.class)));

        assertThat(names).hasSizeGreaterThan(1);
    }

    @Test
    void givesANestedClassItsEnclosingClass() {
        assertThat(TestNamespace.owner(Inner.class)).isEqualTo(TestNamespaceTest.class);
        assertThat(TestNamespace.owner(ThingGraphQlIT.class)).isEqualTo(ThingGraphQlIT.class);
    }

    @Nested
    class Inner {
    }

    static class ThingGraphQlIT {
    }

    static class AVeryLongTestClassNameThatGoesOnAndOnWellPastWhatPostgresAllowsForIdentifiersIT {
    }
}

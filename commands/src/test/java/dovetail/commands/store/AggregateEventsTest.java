package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dovetail.domain.store.StoredEvents;
import java.util.List;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;

/** What an aggregate is sourced from is a stored event type: it carries a revision, and the upcasters know it. */
class AggregateEventsTest {

    @Test
    void everyEventAnAggregateIsSourcedFromIsAStoredEventType() {
        List<JavaClass> aggregates = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dovetail.commands").stream()
                .filter(type -> type.isAnnotatedWith(Aggregate.class)).toList();
        List<Class<?>> sourcedFrom = aggregates.stream().flatMap(aggregate -> aggregate.getMethods().stream())
                .filter(method -> method.isAnnotatedWith(EventSourcingHandler.class))
                .map(JavaMethod::reflect).map(method -> method.getParameterTypes()[0]).<Class<?>>map(type -> type)
                .toList();

        assertThat(aggregates).hasSize(3);
        assertThat(sourcedFrom).hasSizeGreaterThan(10);
        assertThat(StoredEvents.TYPES).containsAll(sourcedFrom);
    }
}

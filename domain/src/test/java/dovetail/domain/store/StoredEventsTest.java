package dovetail.domain.store;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationDriftRepaired;
import dovetail.domain.synctask.SyncTaskFullSyncStopped;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingErased;
import dovetail.domain.thing.ThingUpdated;
import org.junit.jupiter.api.Test;

class StoredEventsTest {

    @Test
    void everyFamilyOfStoredEventsIsListedOnce() {
        assertThat(StoredEvents.TYPES).hasSize(21).doesNotHaveDuplicates()
                .contains(ThingCreated.class, ThingErased.class, SyncTaskFullSyncStopped.class, MigrationCutOver.class,
                        MigrationDriftRepaired.class);
        assertThat(StoredEvents.TYPES.stream().map(Class::getSimpleName)).doesNotHaveDuplicates();
    }

    @Test
    void everyStoredEventTypeCarriesARevision() {
        assertThat(StoredEvents.TYPES).allSatisfy(type -> assertThat(StoredEvents.revision(type)).as(type.getName())
                .isNotBlank());
        assertThat(StoredEvents.revision(ThingCreated.class)).isEqualTo(StoredEvents.FIRST_REVISION);
        assertThat(StoredEvents.revision(ThingUpdated.class)).isEqualTo("2");
        assertThat(StoredEvents.revision(String.class)).isNull();
    }
}

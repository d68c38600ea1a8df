package dovetail.commands.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.commands.erasure.ThingFieldEncryption;
import org.junit.jupiter.api.Test;

/**
 * The encryption finds a Thing's snapshot by the aggregate's class name and encrypts it as it does the Thing's events:
 * by the top-level {@code id} and the protected field names. A move or rename of the aggregate, or of those fields,
 * would leave its snapshots in clear: this fails first.
 */
class ThingSnapshotEncryptionTest {

    @Test
    void theSnapshotTypeTheEncryptionNamesIsTheThingAggregate() {
        assertThat(Thing.class.getName()).isEqualTo(ThingFieldEncryption.THING_SNAPSHOT);
    }

    @Test
    void aSnapshotHoldsTheIdAndTheProtectedFieldsAtItsTopLevel() {
        assertThat(new ObjectMapper().findAndRegisterModules().valueToTree(new Thing()).fieldNames())
                .toIterable().contains("id", "name", "foo");
    }
}

package dovetail.domain.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aTraceparentIsVersionZeroWithLowerCaseHexIdsAndFlags() {
        assertThat(TraceParent.valid(VALID)).isTrue();
        assertThat(TraceParent.traceIdOf(VALID)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        for (String wrong : new String[] {"", VALID + "0", VALID.substring(1), VALID.toUpperCase(),
                "01" + VALID.substring(2), VALID.replace("-b7", "xb7"), VALID.replace("0af7", "0ag7"),
                VALID.substring(0, 35) + "0" + VALID.substring(36), VALID.replace("-01", "-0g")}) {
            assertThat(TraceParent.valid(wrong)).as(wrong).isFalse();
            assertThat(TraceParent.traceIdOf(wrong)).as(wrong).isNull();
        }
        assertThat(TraceParent.valid(null)).isFalse();
        assertThat(TraceParent.valid(42)).isFalse();
    }

    @Test
    void theStoredMetadataIsScannedForAValidOne() {
        assertThat(TraceParent.inStoredMetadata(json("{\"traceId\":\"order-7\",\"traceparent\":\"" + VALID + "\"}")))
                .isEqualTo(VALID);
        assertThat(TraceParent.inStoredMetadata(json("{}"))).isNull();
        assertThat(TraceParent.inStoredMetadata(json("{\"traceparent\":\"" + VALID.toUpperCase() + "\"}"))).isNull();
        assertThat(TraceParent.inStoredMetadata(json("{\"traceparent\":\"" + VALID + "0\"}"))).isNull();
        assertThat(TraceParent.inStoredMetadata(json("{\"traceparent\":\"00-0af7\"}"))).isNull();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

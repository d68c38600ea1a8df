package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MergedDeliveriesTest {

    @Test
    void theFirstDeliveryToAMergingSinkHoldsTwoFifthsOfTheHistoryWithinTheLimit() {
        assertThat(MergedDeliveries.firstDelivery(50_000, 50_000)).isEqualTo(20_000);
        assertThat(MergedDeliveries.firstDelivery(80_000, 50_000)).isEqualTo(32_000);
        // more, when the rest would not fit in a second delivery
        assertThat(MergedDeliveries.firstDelivery(100_000, 50_000)).isEqualTo(50_000);
        assertThat(MergedDeliveries.firstDelivery(90_000, 50_000)).isEqualTo(40_000);
        assertThat(MergedDeliveries.firstDelivery(1_000_000, 50_000)).isEqualTo(50_000);
        assertThat(MergedDeliveries.firstDelivery(6_000, 50_000)).isEqualTo(2_400);
        assertThat(MergedDeliveries.firstDelivery(2, 50_000)).isEqualTo(1);
        // nothing known to read (following a store at its head): as large as a delivery may be
        assertThat(MergedDeliveries.firstDelivery(0, 50_000)).isEqualTo(50_000);
    }
}

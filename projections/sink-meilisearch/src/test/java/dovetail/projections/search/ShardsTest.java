package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardsTest {

    @Test
    void aThingsShardIsFnv1aOfItsIdModuloTheShards() {
        // FNV-1a 32 of "1" is 0x340ca71c, of "42" 0x87e38583
        assertThat(Shards.of("1", 3)).isEqualTo((int) (0x340ca71cL % 3));
        assertThat(Shards.of("42", 7)).isEqualTo((int) (0x87e38583L % 7));
        assertThat(Shards.of("42", 1)).isZero();
    }

    @Test
    void thingsSpreadEvenlyOverTheShards() {
        int[] counts = new int[3];
        IntStream.rangeClosed(1, 30_000).forEach(id -> counts[Shards.of(String.valueOf(id), 3)]++);
        assertThat(IntStream.of(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(9_000, 11_000));
    }

    @Test
    void thereIsAtLeastOneShard() {
        assertThatThrownBy(() -> Shards.of("1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

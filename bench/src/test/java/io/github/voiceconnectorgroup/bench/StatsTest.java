package io.github.voiceconnectorgroup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddCountIsMiddleValue() {
    assertThat(Stats.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
  }

  @Test
  void medianOfEvenCountIsMeanOfMiddlePair() {
    assertThat(Stats.median(List.of(4, 1, 3, 100))).isEqualTo(3.5);
  }

  @Test
  void medianOfNothingIsRefused() {
    assertThatThrownBy(() -> Stats.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one sample");
  }
}

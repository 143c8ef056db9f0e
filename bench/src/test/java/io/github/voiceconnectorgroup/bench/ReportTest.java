package io.github.voiceconnectorgroup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Report.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Report.median(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(3.0);
  }

  @Test
  void medianOfNothingIsRefused() {
    assertThatThrownBy(() -> Report.median(List.of()))
        .hasMessage("values is empty; allowed: at least one sample");
  }
}

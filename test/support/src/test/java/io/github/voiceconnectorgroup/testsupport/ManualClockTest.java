package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void showsItsStartInUtcUntilAdvanced() throws Exception {
    ManualClock clock = new ManualClock(START);

    Thread.sleep(20);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advanceMovesItForwardByExactlyTheDuration() {
    ManualClock clock = new ManualClock(START);

    assertThat(clock.advance(Duration.ofSeconds(60))).isEqualTo(START.plusSeconds(60));
    clock.advance(Duration.ofMillis(5));
    clock.advance(Duration.ZERO);

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60).plusMillis(5));
  }

  @Test
  void negativeAdvanceIsRefusedAndLeavesTheTime() {
    ManualClock clock = new ManualClock(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void clockInAnotherZoneSharesTheTime() {
    ManualClock clock = new ManualClock(START);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(1));
    paris.advance(Duration.ofMinutes(2));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(START.plusSeconds(180));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(180));
  }

  @Test
  void concurrentAdvancesAreNeverLost() throws Exception {
    ManualClock clock = new ManualClock(START);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  clock.advance(Duration.ofMillis(1));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(40));
  }
}

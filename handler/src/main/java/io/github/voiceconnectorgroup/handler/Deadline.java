package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The instant an invocation must be over by, read from a monotonic clock, with the wall-clock
 * instants the invocation started and ends at (what a group made during it is dated within).
 */
final class Deadline {

  private final LongSupplier nanoClock;
  private final long deadlineNanos;
  private final Instant startedAt;
  private final Instant endsAt;

  private Deadline(LongSupplier nanoClock, long remainingNanos) {
    this.nanoClock = nanoClock;
    this.deadlineNanos = nanoClock.getAsLong() + remainingNanos;
    this.startedAt = Instant.now();
    this.endsAt = startedAt.plusNanos(remainingNanos);
  }

  /** A deadline {@code remainingMillis} from now, as Lambda's Context reports it. */
  static Deadline inMillis(long remainingMillis, LongSupplier nanoClock) {
    return new Deadline(nanoClock, Duration.ofMillis(remainingMillis).toNanos());
  }

  /** Time left until {@code margin} before the deadline; negative once past it. */
  Duration remainingBefore(Duration margin) {
    return Duration.ofNanos(deadlineNanos - margin.toNanos() - nanoClock.getAsLong());
  }

  /** Time left until the deadline itself. */
  Duration remaining() {
    return remainingBefore(Duration.ZERO);
  }

  /** When the invocation started, by the wall clock. */
  Instant startedAt() {
    return startedAt;
  }

  /** When the invocation's deadline is, by the wall clock. */
  Instant endsAt() {
    return endsAt;
  }
}

package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.util.function.LongSupplier;

/** The instant an invocation must be over by, read from a monotonic clock. */
final class Deadline {

  private final LongSupplier nanoClock;
  private final long deadlineNanos;

  private Deadline(LongSupplier nanoClock, long deadlineNanos) {
    this.nanoClock = nanoClock;
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code remainingMillis} from now, as Lambda's Context reports it. */
  static Deadline inMillis(long remainingMillis, LongSupplier nanoClock) {
    return new Deadline(
        nanoClock, nanoClock.getAsLong() + Duration.ofMillis(remainingMillis).toNanos());
  }

  /** Time left until {@code margin} before the deadline; negative once past it. */
  Duration remainingBefore(Duration margin) {
    return Duration.ofNanos(deadlineNanos - margin.toNanos() - nanoClock.getAsLong());
  }

  /** Time left until the deadline itself. */
  Duration remaining() {
    return remainingBefore(Duration.ZERO);
  }
}

package io.github.voiceconnectorgroup.cfn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant an invocation must be over by, with the instant it started, on one clock: the
 * system's in Lambda, a test's own in tests.
 */
public final class Deadline {

  private final Clock clock;
  private final Instant startedAt;
  private final Instant endsAt;

  private Deadline(Clock clock, Duration remaining) {
    this.clock = clock;
    this.startedAt = clock.instant();
    this.endsAt = startedAt.plus(remaining);
  }

  /**
   * A deadline that far from now, as Lambda's Context reports it.
   *
   * @param remaining the time left
   * @param clock the clock every reading uses
   * @return the deadline
   */
  public static Deadline after(Duration remaining, Clock clock) {
    return new Deadline(clock, remaining);
  }

  /**
   * Time left until {@code margin} before the deadline.
   *
   * @param margin what to keep
   * @return the time left; negative once past
   */
  public Duration remainingBefore(Duration margin) {
    return Duration.between(clock.instant(), endsAt.minus(margin));
  }

  /**
   * Time left until the deadline itself.
   *
   * @return the time left; negative once past
   */
  public Duration remaining() {
    return remainingBefore(Duration.ZERO);
  }

  /**
   * The current instant, on this deadline's clock.
   *
   * @return now
   */
  public Instant now() {
    return clock.instant();
  }

  /**
   * When the invocation started.
   *
   * @return the start
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * When the invocation's deadline is.
   *
   * @return the deadline
   */
  public Instant endsAt() {
    return endsAt;
  }
}

package io.github.voiceconnectorgroup.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, for running production time spans (a 60 s
 * visibility window, a 180 s Lambda timeout) in no real time at all.
 *
 * <p>It starts at a given instant in UTC and moves only forward, by {@link #advance}. Clocks made
 * by {@link #withZone} share its time: advancing one advances all. All methods are thread-safe.
 */
public final class ManualClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /**
   * A clock showing {@code start} in UTC.
   *
   * @param start the instant it shows until advanced
   */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; zero or more
   * @return the instant it shows afterwards
   * @throws IllegalArgumentException if {@code duration} is negative: time never runs back
   */
  public Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot be moved back, was given " + duration);
    }
    return now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A clock in another zone that shares this one's time.
   *
   * @param zone the zone
   * @return a clock moved by this one's {@link #advance} (and moving it)
   */
  @Override
  public ManualClock withZone(ZoneId zone) {
    return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "," + zone + "]";
  }
}

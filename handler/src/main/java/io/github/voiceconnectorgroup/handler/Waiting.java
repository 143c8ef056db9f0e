package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.cfn.Deadline;
import io.github.voiceconnectorgroup.cfn.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The waits of one invocation, all within its deadline: every call and pause ends {@code reserve}
 * before it, so the answer goes out in time. The one place the handler retries a call that the
 * service refused for a while (AccessDenied while IAM propagates, NotFound while a new group is
 * invisible).
 */
final class Waiting {

  /** A call is not started with less time than this. */
  static final Duration MIN_CALL_TIME = Duration.ofMillis(50);

  private final Deadline deadline;
  private final Duration reserve;
  private final Sleeper sleeper;

  Waiting(Deadline deadline, Duration reserve, Sleeper sleeper) {
    this.deadline = deadline;
    this.reserve = reserve;
    this.sleeper = sleeper;
  }

  Instant now() {
    return deadline.now();
  }

  /** Time left for calls and pauses. */
  Duration left() {
    return deadline.remainingBefore(reserve);
  }

  boolean hasTimeFor(Duration duration) {
    return left().compareTo(duration) >= 0;
  }

  /**
   * The time a call may take, keeping {@code keepAfter} for what follows it.
   *
   * @throws CustomResourceFailure.OutOfTime when too little is left to start it
   */
  Duration callTime(String operation, Duration keepAfter) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CustomResourceFailure.OutOfTime(
          operation + " not started: the invocation was already answered");
    }
    Duration time = left().minus(keepAfter);
    if (time.compareTo(MIN_CALL_TIME) < 0) {
      throw new CustomResourceFailure.OutOfTime(
          operation
              + " not started: the Lambda deadline is "
              + deadline.remaining().toMillis()
              + " ms away");
    }
    return time;
  }

  /**
   * Waits, within the time left.
   *
   * @throws CustomResourceFailure.OutOfTime when the wait would end past the cutoff
   */
  void pause(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    if (!hasTimeFor(duration)) {
      throw new CustomResourceFailure.OutOfTime(
          "not enough time left to wait "
              + duration.toSeconds()
              + " s: the Lambda deadline is "
              + deadline.remaining().toSeconds()
              + " s away");
    }
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CustomResourceFailure.OutOfTime("interrupted: the invocation was answered");
    }
  }

  /** Waits until that instant, within the time left. */
  void pauseUntil(Instant instant) {
    pause(Duration.between(now(), instant));
  }

  /**
   * Runs the attempt; while it fails with an error {@code passing} says may pass, tries again every
   * {@code interval} until {@code window} after the first such error, then lets it through.
   *
   * @param onRetry told of each error that is retried
   */
  <T> T retry(
      Duration window,
      Duration interval,
      Supplier<T> attempt,
      Predicate<RuntimeException> passing,
      Consumer<RuntimeException> onRetry) {
    Instant giveUpAt = null;
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        if (!passing.test(e)) {
          throw e;
        }
        giveUpAt = giveUpAt == null ? now().plus(window) : giveUpAt;
        if (now().plus(interval).isAfter(giveUpAt) || !hasTimeFor(interval.plus(MIN_CALL_TIME))) {
          throw e;
        }
        onRetry.accept(e);
        pause(interval);
      }
    }
  }
}

package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.model.AccessDeniedException;

/**
 * The Chime SDK Voice calls of one invocation: each call (the SDK's retries included) ends {@code
 * reserve} before the Lambda deadline, AccessDenied is retried while IAM may still be propagating
 * the function's new role, and a failure is reported under the operation's name.
 */
final class ServiceCalls {

  private static final Duration MIN_CALL_TIME = Duration.ofMillis(50);

  private final Deadline deadline;
  private final Duration reserve;
  private final EventualConsistency consistency;
  private final Consumer<String> log;

  ServiceCalls(
      Deadline deadline, Duration reserve, EventualConsistency consistency, Consumer<String> log) {
    this.deadline = deadline;
    this.reserve = reserve;
    this.consistency = consistency;
    this.log = log;
  }

  /** Runs one call with all the time left. */
  <T> T call(String operation, Function<AwsRequestOverrideConfiguration, T> call) {
    return call(operation, Duration.ZERO, call);
  }

  /**
   * Runs one call, ending {@code keepAfter} earlier than it could, to leave time for a follow-up.
   *
   * @param call the SDK call, given the override that bounds its time
   * @throws ServiceCallException when it fails
   */
  <T> T call(
      String operation, Duration keepAfter, Function<AwsRequestOverrideConfiguration, T> call) {
    long firstDeniedNanos = 0;
    while (true) {
      AwsRequestOverrideConfiguration override = overrideFor(operation, keepAfter);
      try {
        return call.apply(override);
      } catch (AccessDeniedException e) {
        long now = System.nanoTime();
        firstDeniedNanos = firstDeniedNanos == 0 ? now : firstDeniedNanos;
        Duration deniedFor = Duration.ofNanos(now - firstDeniedNanos);
        if (deniedFor.plus(consistency.pollInterval()).compareTo(consistency.iamPropagation()) > 0
            || !hasTimeFor(consistency.pollInterval().plus(MIN_CALL_TIME))) {
          throw new ServiceCallException(
              operation,
              e,
              "the function's role may not call chime:"
                  + operation
                  + " (still refused after "
                  + deniedFor.toSeconds()
                  + " s, longer than IAM takes to propagate a new role)");
        }
        log.accept(
            operation + " was refused with AccessDenied; IAM may still be propagating the role");
        pause(consistency.pollInterval());
      } catch (SdkException e) {
        throw new ServiceCallException(operation, e, null);
      }
    }
  }

  /** Whether that much time is left before the calls' cutoff. */
  private boolean hasTimeFor(Duration duration) {
    return deadline.remainingBefore(reserve).compareTo(duration) >= 0;
  }

  /**
   * Waits, within the time left.
   *
   * @throws CustomResourceFailure.OutOfTime when the wait would end past the calls' cutoff
   */
  void pause(Duration duration) {
    if (!hasTimeFor(duration)) {
      throw new CustomResourceFailure.OutOfTime(
          "not enough time left to wait "
              + duration.toMillis()
              + " ms: the Lambda deadline is "
              + deadline.remaining().toMillis()
              + " ms away");
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CustomResourceFailure.OutOfTime("interrupted: the invocation was answered");
    }
  }

  /** A share of the time left, at most {@code cap}: what a call keeps for its follow-up. */
  Duration shareOfRemaining(int percent, Duration cap) {
    Duration share = deadline.remainingBefore(reserve).multipliedBy(percent).dividedBy(100);
    return share.isNegative() ? Duration.ZERO : share.compareTo(cap) > 0 ? cap : share;
  }

  private AwsRequestOverrideConfiguration overrideFor(String operation, Duration keepAfter) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CustomResourceFailure.OutOfTime(
          operation + " not started: the invocation was already answered");
    }
    Duration left = deadline.remainingBefore(reserve.plus(keepAfter));
    if (left.compareTo(MIN_CALL_TIME) < 0) {
      throw new CustomResourceFailure.OutOfTime(
          operation
              + " not started: the Lambda deadline is "
              + deadline.remaining().toMillis()
              + " ms away");
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build();
  }
}

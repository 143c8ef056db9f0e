package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * Bounds every API call of one invocation: each call (retries included) must end {@code reserve}
 * before the Lambda deadline, and no call starts once the invocation has been answered.
 */
final class CallBudget {

  /** Thrown instead of starting a call that could not end in time. */
  static final class OutOfTimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfTimeException(String message) {
      super(message);
    }
  }

  private static final Duration MIN_CALL_TIME = Duration.ofMillis(50);

  private final Deadline deadline;
  private final Duration reserve;
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private volatile String lastOperation;

  CallBudget(Deadline deadline, Duration reserve) {
    this.deadline = deadline;
    this.reserve = reserve;
  }

  /** Override for the next call: its whole time, retries included, ends before the cutoff. */
  AwsRequestOverrideConfiguration nextCall(String operation) {
    if (abandoned.get()) {
      throw new OutOfTimeException(operation + " not started: the invocation was already answered");
    }
    lastOperation = operation;
    Duration left = deadline.remainingBefore(reserve);
    if (left.compareTo(MIN_CALL_TIME) < 0) {
      throw new OutOfTimeException(
          operation
              + " not started: the Lambda deadline is "
              + deadline.remaining().toMillis()
              + " ms away");
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build();
  }

  /** The operation of the latest call started, or {@code null}. */
  String lastOperation() {
    return lastOperation;
  }

  /** {@code " (last call: X)"}, or empty when no call was started. */
  String lastCallDescription() {
    String operation = lastOperation;
    return operation == null ? "" : " (last call: " + operation + ")";
  }

  /** Stops all further calls (the guard has answered). */
  void abandon() {
    abandoned.set(true);
  }
}

package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.time.Instant;
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
  private final Instant startedAt = Instant.now();
  private final Instant endsBy;
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private volatile String lastOperation;
  private volatile boolean createInDoubt;

  CallBudget(Deadline deadline, Duration reserve) {
    this.deadline = deadline;
    this.reserve = reserve;
    this.endsBy = startedAt.plus(deadline.remaining());
  }

  /** Override for the next call: its whole time, retries included, ends before the cutoff. */
  AwsRequestOverrideConfiguration nextCall(String operation) {
    return nextCall(operation, Duration.ZERO);
  }

  /**
   * Override for the next call, ending {@code keepAfter} earlier than {@link #nextCall(String)}
   * would, to leave time for a follow-up call.
   */
  AwsRequestOverrideConfiguration nextCall(String operation, Duration keepAfter) {
    if (abandoned.get()) {
      throw new OutOfTimeException(operation + " not started: the invocation was already answered");
    }
    lastOperation = operation;
    Duration left = deadline.remainingBefore(reserve.plus(keepAfter));
    if (left.compareTo(MIN_CALL_TIME) < 0) {
      throw new OutOfTimeException(
          operation
              + " not started: the Lambda deadline is "
              + deadline.remaining().toMillis()
              + " ms away");
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build();
  }

  /** A share of the time left, at most {@code cap}: what a call keeps for its follow-up. */
  Duration shareOfRemaining(int percent, Duration cap) {
    Duration share = deadline.remainingBefore(reserve).multipliedBy(percent).dividedBy(100);
    return share.isNegative() ? Duration.ZERO : share.compareTo(cap) > 0 ? cap : share;
  }

  /** Wall-clock time this invocation's budget was made: no group it creates is older. */
  Instant startedAt() {
    return startedAt;
  }

  /** Wall-clock time of the invocation's deadline: no call it sends outlives it. */
  Instant endsBy() {
    return endsBy;
  }

  /**
   * Records whether a CreateVoiceConnectorGroup call was sent without a definite answer (it timed
   * out, the connection failed, or the service answered 5xx): the group may exist all the same.
   */
  void createInDoubt(boolean inDoubt) {
    createInDoubt = inDoubt;
  }

  /** Whether a group may have been created without this invocation learning its id. */
  boolean isCreateInDoubt() {
    return createInDoubt;
  }

  /** Names the operation a following error is reported under, when not the latest call's. */
  void reportAs(String operation) {
    lastOperation = operation;
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

package io.github.voiceconnectorgroup.cfn;

import java.time.Instant;

/** A failure whose message is fit to be CloudFormation's Reason as it is. */
public class CustomResourceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with its Reason.
   *
   * @param reason the Reason
   */
  public CustomResourceFailure(String reason) {
    super(reason);
  }

  /**
   * A failure with its Reason and cause.
   *
   * @param reason the Reason
   * @param cause what failed
   */
  public CustomResourceFailure(String reason, Throwable cause) {
    super(reason, cause);
  }

  /**
   * The Reason an error gives: a failure's message as it is, anything else with its type and with
   * every URL query cut out.
   *
   * @param error what failed
   * @return the Reason
   */
  public static String reasonOf(Throwable error) {
    if (error instanceof CustomResourceFailure failure) {
      return failure.getMessage();
    }
    return error.getClass().getSimpleName() + ": " + Redaction.redactQueries(error.getMessage());
  }

  /** ResourceProperties that break the resource's rules; the message lists every violation. */
  public static final class InvalidProperties extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    /**
     * Invalid properties.
     *
     * @param reason every violation
     */
    public InvalidProperties(String reason) {
      super(reason);
    }
  }

  /** Not enough time is left to start a call and still answer before the Lambda deadline. */
  public static final class OutOfTime extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    /**
     * Out of time.
     *
     * @param reason what could not be started
     */
    public OutOfTime(String reason) {
      super(reason);
    }
  }

  /**
   * Create requests failed without learning whether they made a resource; one made between {@code
   * from} and {@code until} may exist.
   */
  public static final class CreateInDoubt extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;
    private final Instant from;
    private final Instant until;

    /**
     * A create in doubt.
     *
     * @param reason what happened, and what may exist
     * @param from just before the first create request was sent
     * @param until when the last one was answered or given up
     * @param cause the last create's error, or {@code null}
     */
    public CreateInDoubt(String reason, Instant from, Instant until, Throwable cause) {
      super(reason, cause);
      this.from = from;
      this.until = until;
    }

    /**
     * The window's start.
     *
     * @return just before the first create request was sent
     */
    public Instant from() {
      return from;
    }

    /**
     * The window's end.
     *
     * @return when the last create request was answered or given up
     */
    public Instant until() {
      return until;
    }
  }

  /** The request made its resource, then failed: the answer names the resource so it is removed. */
  public static final class CreatedButFailed extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;
    private final String physicalResourceId;

    /**
     * A resource made by a request that failed after.
     *
     * @param physicalResourceId the resource's id
     * @param reason the Reason
     * @param cause what failed
     */
    public CreatedButFailed(String physicalResourceId, String reason, Throwable cause) {
      super(reason, cause);
      this.physicalResourceId = physicalResourceId;
    }

    /**
     * The resource that was made.
     *
     * @return its physical id
     */
    public String physicalResourceId() {
      return physicalResourceId;
    }
  }
}

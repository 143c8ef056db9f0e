package io.github.voiceconnectorgroup.handler;

/** A failure whose message is fit to be CloudFormation's Reason as it is. */
class CustomResourceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CustomResourceFailure(String reason) {
    super(reason);
  }

  CustomResourceFailure(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** ResourceProperties that break the contract's rules; the message lists every violation. */
  static final class InvalidProperties extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    InvalidProperties(String reason) {
      super(reason);
    }
  }

  /** Not enough time is left to start a call and still answer before the Lambda deadline. */
  static final class OutOfTime extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    OutOfTime(String reason) {
      super(reason);
    }
  }

  /** A Create failed without learning whether its request made a resource. */
  static final class CreateInDoubt extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    CreateInDoubt(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** A Create made its resource, then failed: the answer names the resource so it is removed. */
  static final class CreatedButFailed extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;
    private final String physicalResourceId;

    CreatedButFailed(String physicalResourceId, String reason, Throwable cause) {
      super(reason, cause);
      this.physicalResourceId = physicalResourceId;
    }

    String physicalResourceId() {
      return physicalResourceId;
    }
  }
}

package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.cfn.Redaction;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.ConflictException;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/** A Chime SDK Voice call that failed, named by its operation. */
final class ServiceCallException extends CustomResourceFailure {
  private static final long serialVersionUID = 1L;

  private final transient SdkException error;

  ServiceCallException(String operation, SdkException error, String hint) {
    super(describe(operation, error) + (hint == null ? "" : "; " + hint), error);
    this.error = error;
  }

  /** The service answered NotFound (a group, or a voice connector a request names). */
  boolean isNotFound() {
    return error instanceof NotFoundException;
  }

  /** The service's error code, e.g. {@code ResourceLimitExceededException}, or {@code null}. */
  String errorCode() {
    return error instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode()
        : null;
  }

  /**
   * Whether the request may have taken effect although it failed: the service answered 5xx or 409
   * (an identical request in progress, perhaps this one), or no answer came back at all.
   */
  boolean mayHaveTakenEffect() {
    if (error instanceof AwsServiceException service) {
      return service.statusCode() >= 500 || error instanceof ConflictException;
    }
    return !ChimeSdkVoiceClients.neverSent(error);
  }

  /** The service refused the request as invalid (for a delete: items or numbers remain). */
  boolean isBadRequest() {
    return error instanceof BadRequestException;
  }

  /** Whether the service itself answered, with a 5xx or 409. */
  boolean isServiceAnswer() {
    return error instanceof AwsServiceException;
  }

  private static String describe(String operation, SdkException error) {
    if (error instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      AwsErrorDetails details = service.awsErrorDetails();
      return operation
          + " failed: "
          + details.errorCode()
          + ": "
          + details.errorMessage()
          + " (HTTP "
          + service.statusCode()
          + ")";
    }
    return operation
        + " failed: "
        + error.getClass().getSimpleName()
        + ": "
        + Redaction.redactQueries(error.getMessage());
  }
}

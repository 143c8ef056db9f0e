package io.github.voiceconnectorgroup.handler;

import java.util.Map;

/**
 * What a custom resource supplies to {@link CustomResourceRunner}, which keeps the CloudFormation
 * protocol. Each method either returns its outcome or throws; a {@link CustomResourceFailure}'s
 * message becomes the answer's Reason as it is.
 */
interface CustomResource {

  /**
   * The result of a successful event.
   *
   * @param physicalResourceId the id to report
   * @param data the attributes to report (empty on Delete)
   */
  record Outcome(String physicalResourceId, Map<String, String> data) {}

  /**
   * Creates the resource.
   *
   * @throws CustomResourceFailure.CreateInDoubt when the request may have made a resource all the
   *     same
   * @throws CustomResourceFailure.CreatedButFailed when a resource was made but the request failed
   *     after that: the Delete that follows must remove it
   */
  Outcome create(CustomResourceEvent event, Deadline deadline);

  /** Updates the resource of the event's physical id; a new id means replacement. */
  Outcome update(CustomResourceEvent event, Deadline deadline);

  /**
   * Deletes the resource of the event's physical id; one that is already gone counts as deleted.
   */
  Outcome delete(CustomResourceEvent event, Deadline deadline);

  /**
   * Removes what a Create in doubt made after all, looked for with the event's properties. Best
   * effort: the caller logs a failure and goes on.
   */
  void deleteCreatedInDoubt(
      FailedCreate failedCreate, CustomResourceEvent event, Deadline deadline);
}

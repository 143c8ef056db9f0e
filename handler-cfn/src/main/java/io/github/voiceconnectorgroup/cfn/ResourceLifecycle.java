package io.github.voiceconnectorgroup.cfn;

import java.util.Map;
import java.util.Optional;

/**
 * What a custom resource supplies to {@link CustomResourceRunner}, which keeps the CloudFormation
 * protocol. Each method either returns or throws; a {@link CustomResourceFailure}'s message becomes
 * the answer's Reason as it is.
 */
public interface ResourceLifecycle {

  /**
   * One event to act on.
   *
   * @param event the event
   * @param deadline when the invocation must be over
   * @param failedCreate on an Update or Delete, the failed Create its physical id stands for
   */
  record Request(
      CustomResourceEvent event, Deadline deadline, Optional<FailedCreate> failedCreate) {}

  /**
   * The result of a successful Create or Update.
   *
   * @param physicalResourceId the id to report
   * @param data the attributes to report
   */
  record Outcome(String physicalResourceId, Map<String, String> data) {}

  /**
   * The prefix of the physical ids that stand for a failed Create; it never starts a real id.
   *
   * @return the prefix
   */
  String failedCreatePrefix();

  /**
   * Creates the resource: on a Create, or on an Update whose physical id stands for a failed Create
   * ({@link Request#failedCreate()} present), after removing what that Create may have made.
   *
   * @param request the event
   * @return the resource
   * @throws CustomResourceFailure.CreateInDoubt when a request may have made a resource all the
   *     same
   * @throws CustomResourceFailure.CreatedButFailed when a resource was made but the event failed
   *     after that: the Delete that follows must remove it
   */
  Outcome create(Request request);

  /**
   * Updates the resource of the event's physical id; a new id means replacement.
   *
   * @param request the event
   * @return the resource
   */
  Outcome update(Request request);

  /**
   * Deletes the resource of the event's physical id; one that is already gone counts as deleted.
   *
   * @param request the event
   */
  void delete(Request request);

  /**
   * Removes what the Create in doubt of {@link Request#failedCreate()} made after all, looked for
   * with the event's properties.
   *
   * @param request a Delete whose physical id stands for a Create in doubt
   */
  void deleteCreatedInDoubt(Request request);
}

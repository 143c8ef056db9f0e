package io.github.voiceconnectorgroup.handler;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs one custom resource event and answers CloudFormation exactly once: the lifecycle runs on a
 * worker thread while this thread waits until {@code answerReserve} before the deadline; whichever
 * comes first, the result or that guard time, is the one answer sent. Only this thread sends.
 */
final class CustomResourceRunner {

  /** Physical id prefix of a Create that failed: never a group id (those are UUIDs). */
  static final String CREATE_FAILED_PREFIX = "VoiceConnectorGroup-CreateFailed-";

  /**
   * Physical id prefix of a Create that failed after its request may have reached the service;
   * followed by the invocation's start and deadline (epoch milliseconds), dashes and the request
   * id. The Delete that follows looks for a group the service made in that window after all.
   */
  static final String CREATE_IN_DOUBT_PREFIX = CREATE_FAILED_PREFIX + "InDoubt-";

  private static final int MAX_MARKER_SUFFIX = 200;

  /**
   * How the time before the Lambda deadline is split.
   *
   * @param answerReserve the guard answers FAILED this long before the deadline
   * @param callReserve API calls, retries included, end this long before the deadline (more than
   *     {@code answerReserve}, so a call's result is in before the guard fires)
   */
  record Timing(Duration answerReserve, Duration callReserve) {
    static final Timing LAMBDA = new Timing(Duration.ofMillis(2000), Duration.ofMillis(3000));
  }

  private final VoiceConnectorGroupLifecycle lifecycle;
  private final ResponseSender sender;
  private final ExecutorService workers;
  private final Timing timing;
  private final Consumer<String> log;

  CustomResourceRunner(
      VoiceConnectorGroupLifecycle lifecycle,
      ResponseSender sender,
      ExecutorService workers,
      Timing timing,
      Consumer<String> log) {
    this.lifecycle = lifecycle;
    this.sender = sender;
    this.workers = workers;
    this.timing = timing;
    this.log = log;
  }

  /** Handles one raw event; returns once the answer has been sent (or could not be). */
  void run(byte[] input, Deadline deadline) {
    Map<String, Object> json;
    try {
      json = JSON.std.mapFrom(input);
    } catch (Exception | StackOverflowError e) {
      log.accept("malformed event (" + input.length + " bytes, not a JSON object); cannot answer");
      return;
    }
    if (json == null) {
      log.accept("malformed event (JSON null); cannot answer");
      return;
    }
    CustomResourceEvent event = CustomResourceEvent.from(json);
    if (event.responseUrl() == null) {
      log.accept("event has no ResponseURL; cannot answer: RequestType=" + event.requestType());
      return;
    }
    log.accept(
        "RequestType="
            + event.requestType()
            + " LogicalResourceId="
            + event.logicalResourceId()
            + " PhysicalResourceId="
            + event.physicalResourceId()
            + " RequestId="
            + event.requestId()
            + " StackId="
            + event.stackId()
            + " ResponseURL="
            + event.redactedResponseUrl());
    CustomResourceResponse response = decideBeforeGuard(event, deadline);
    if (CustomResourceResponse.FAILED.equals(response.status())) {
      log.accept("answering FAILED: " + response.reason());
    } else {
      log.accept("answering SUCCESS with PhysicalResourceId=" + response.physicalResourceId());
    }
    sender.send(event.responseUrl(), response.body(event), deadline);
  }

  private CustomResourceResponse decideBeforeGuard(CustomResourceEvent event, Deadline deadline) {
    CallBudget budget = new CallBudget(deadline, timing.callReserve());
    Future<CustomResourceResponse> result;
    try {
      result = workers.submit(() -> decide(event, budget));
    } catch (RuntimeException e) {
      return CustomResourceResponse.failed(describe(e, null), failurePhysicalId(event, null));
    }
    try {
      long waitNanos = Math.max(0, deadline.remainingBefore(timing.answerReserve()).toNanos());
      return result.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      budget.abandon();
      if (result.isDone()) {
        return resultOf(result, event, budget); // finished just as the guard fired
      }
      result.cancel(true);
      return CustomResourceResponse.failed(
          "Timed out: no result "
              + timing.answerReserve().toMillis()
              + " ms before the Lambda deadline"
              + budget.lastCallDescription(),
          failurePhysicalId(event, budget));
    } catch (ExecutionException e) {
      return CustomResourceResponse.failed(
          describe(e.getCause(), null), failurePhysicalId(event, budget));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      budget.abandon();
      result.cancel(true);
      return CustomResourceResponse.failed("Interrupted", failurePhysicalId(event, budget));
    }
  }

  private static CustomResourceResponse resultOf(
      Future<CustomResourceResponse> done, CustomResourceEvent event, CallBudget budget) {
    try {
      return done.get();
    } catch (ExecutionException | InterruptedException | RuntimeException e) {
      return CustomResourceResponse.failed(describe(e, budget), failurePhysicalId(event, budget));
    }
  }

  /** Runs on the worker thread; never throws. */
  private CustomResourceResponse decide(CustomResourceEvent event, CallBudget budget) {
    try {
      String requestType = String.valueOf(event.requestType());
      switch (requestType) {
        case "Create" -> {
          GroupProperties properties = GroupProperties.from(event.resourceProperties());
          return success(lifecycle.create(properties, budget));
        }
        case "Update" -> {
          String groupId = event.physicalResourceId();
          if (groupId == null || groupId.isEmpty()) {
            return CustomResourceResponse.failed(
                "Update event has no PhysicalResourceId", failurePhysicalId(event, budget));
          }
          GroupProperties properties = GroupProperties.from(event.resourceProperties());
          if (isCreateFailedMarker(groupId)) {
            deleteCreatedInDoubt(groupId, properties, budget);
            return success(lifecycle.create(properties, budget));
          }
          return success(lifecycle.update(groupId, properties, budget));
        }
        case "Delete" -> {
          String groupId = event.physicalResourceId();
          if (groupId == null || groupId.isEmpty()) {
            return CustomResourceResponse.failed(
                "Delete event has no PhysicalResourceId", failurePhysicalId(event, budget));
          }
          if (isCreateFailedMarker(groupId)) {
            if (createInDoubtWindow(groupId) == null) {
              log.accept("the Create of " + groupId + " had failed; nothing to delete");
            } else {
              deleteCreatedInDoubt(
                  groupId, GroupProperties.from(event.resourceProperties()), budget);
            }
            return CustomResourceResponse.success(groupId, Map.of());
          }
          return success(lifecycle.delete(groupId, budget));
        }
        default -> {
          return CustomResourceResponse.failed(
              "RequestType '"
                  + event.requestType()
                  + "' is not supported; allowed: Create, Update, Delete",
              failurePhysicalId(event, budget));
        }
      }
    } catch (Throwable e) { // every path must answer, Errors included
      return CustomResourceResponse.failed(describe(e, budget), failurePhysicalId(event, budget));
    }
  }

  /**
   * Removes a group that the in-doubt create of a marker made after all. Best effort: the create
   * failed, so nothing in the stack depends on it, and a failing look-up must not block the
   * rollback or deletion that sent this event.
   */
  private void deleteCreatedInDoubt(String marker, GroupProperties properties, CallBudget budget) {
    Instant[] window = createInDoubtWindow(marker);
    if (window == null) {
      return;
    }
    try {
      lifecycle.deleteCreatedInDoubt(properties, window[0], window[1], budget);
    } catch (RuntimeException e) {
      log.accept(
          "WARNING: could not look for a group made by the Create in doubt of "
              + marker
              + " (name "
              + properties.name()
              + "); check for one made between "
              + window[0]
              + " and "
              + window[1]
              + ": "
              + describe(e, budget));
    }
  }

  private static CustomResourceResponse success(VoiceConnectorGroupLifecycle.Outcome outcome) {
    return CustomResourceResponse.success(outcome.physicalResourceId(), outcome.data());
  }

  static boolean isCreateFailedMarker(String physicalResourceId) {
    return physicalResourceId.startsWith(CREATE_FAILED_PREFIX);
  }

  /**
   * The event's physical id, or a create-failed marker when there is none to keep: one that says
   * when the create was in doubt, if its request may have reached the service.
   */
  static String failurePhysicalId(CustomResourceEvent event, CallBudget budget) {
    String existing = event.physicalResourceId();
    if (!"Create".equals(event.requestType()) && existing != null && !existing.isEmpty()) {
      return existing;
    }
    String suffix = event.requestId() == null ? "unknown" : event.requestId();
    if (suffix.length() > MAX_MARKER_SUFFIX) {
      suffix = suffix.substring(0, MAX_MARKER_SUFFIX);
    }
    if (budget != null && budget.isCreateInDoubt()) {
      return CREATE_IN_DOUBT_PREFIX
          + budget.startedAt().toEpochMilli()
          + "-"
          + budget.endsBy().toEpochMilli()
          + "-"
          + suffix;
    }
    return CREATE_FAILED_PREFIX + suffix;
  }

  /**
   * From when to when the in-doubt create of a marker could have made a group, or {@code null} for
   * a definite failure.
   */
  static Instant[] createInDoubtWindow(String marker) {
    if (!marker.startsWith(CREATE_IN_DOUBT_PREFIX)) {
      return null;
    }
    String[] parts = marker.substring(CREATE_IN_DOUBT_PREFIX.length()).split("-", 3);
    try {
      return new Instant[] {
        Instant.ofEpochMilli(Long.parseLong(parts[0])),
        Instant.ofEpochMilli(Long.parseLong(parts[1]))
      };
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static String describe(Throwable e, CallBudget budget) {
    String operation = budget == null ? null : budget.lastOperation();
    String prefix = operation == null ? "" : operation + " failed: ";
    if (e instanceof InvalidPropertiesException || e instanceof CallBudget.OutOfTimeException) {
      return e.getMessage();
    }
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      AwsErrorDetails details = service.awsErrorDetails();
      return prefix
          + details.errorCode()
          + ": "
          + details.errorMessage()
          + " (HTTP "
          + service.statusCode()
          + ")";
    }
    return prefix
        + e.getClass().getSimpleName()
        + ": "
        + CustomResourceEvent.redactQueries(e.getMessage());
  }
}

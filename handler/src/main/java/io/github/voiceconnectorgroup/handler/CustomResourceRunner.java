package io.github.voiceconnectorgroup.handler;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The CloudFormation custom resource protocol, knowing nothing of the resource: parses the event,
 * dispatches on RequestType, answers exactly once, before the deadline, with a PUT to the
 * ResponseURL. The resource runs on a worker thread; if it has no result {@code answerReserve}
 * before the deadline, the answer is FAILED. Only this thread sends.
 *
 * <p>A failed Create answers with a {@link FailedCreate} physical id; the Delete that follows makes
 * no call for a definite one, and has the resource remove what one in doubt made.
 */
final class CustomResourceRunner {

  /** Answers of the latest requests, re-sent if Lambda delivers one of them again. */
  private static final int REMEMBERED_ANSWERS = 64;

  private final CustomResource resource;
  private final ResponseSender sender;
  private final ExecutorService workers;
  private final Duration answerReserve;
  private final Consumer<String> log;
  private final Map<String, byte[]> answered =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > REMEMBERED_ANSWERS;
        }
      };

  /**
   * @param answerReserve the guard answers FAILED this long before the deadline
   */
  CustomResourceRunner(
      CustomResource resource,
      ResponseSender sender,
      ExecutorService workers,
      Duration answerReserve,
      Consumer<String> log) {
    this.resource = resource;
    this.sender = sender;
    this.workers = workers;
    this.answerReserve = answerReserve;
    this.log = log;
  }

  /** Handles one raw event; returns once the answer has been sent (or could not be). */
  void run(byte[] input, Deadline deadline) {
    Optional<CustomResourceEvent> parsed = parse(input);
    if (parsed.isEmpty()) {
      return;
    }
    CustomResourceEvent event = parsed.get();
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
    String requestKey = event.stackId() + " " + event.logicalResourceId() + " " + event.requestId();
    byte[] body;
    synchronized (answered) {
      body = answered.get(requestKey);
    }
    if (body != null) {
      // Lambda may deliver an event twice: the second gets the first's answer, with no calls.
      log.accept("this request was answered before; sending the same answer again");
    } else {
      CustomResourceResponse response = decideBeforeGuard(event, deadline);
      if (CustomResourceResponse.FAILED.equals(response.status())) {
        log.accept("answering FAILED: " + response.reason());
      } else {
        log.accept("answering SUCCESS with PhysicalResourceId=" + response.physicalResourceId());
      }
      body = response.body(event);
      synchronized (answered) {
        answered.put(requestKey, body);
      }
    }
    sender.send(event.responseUrl(), body, deadline);
  }

  private Optional<CustomResourceEvent> parse(byte[] input) {
    Map<String, Object> json;
    try {
      json = JSON.std.mapFrom(input);
    } catch (Exception | StackOverflowError e) {
      log.accept("malformed event (" + input.length + " bytes, not a JSON object); cannot answer");
      return Optional.empty();
    }
    if (json == null) {
      log.accept("malformed event (JSON null); cannot answer");
      return Optional.empty();
    }
    CustomResourceEvent event = CustomResourceEvent.from(json);
    if (event.responseUrl() == null) {
      log.accept("event has no ResponseURL; cannot answer: RequestType=" + event.requestType());
      return Optional.empty();
    }
    return Optional.of(event);
  }

  private CustomResourceResponse decideBeforeGuard(CustomResourceEvent event, Deadline deadline) {
    Future<CustomResource.Outcome> result;
    try {
      result = workers.submit(() -> dispatch(event, deadline));
    } catch (RuntimeException e) {
      return failed(event, deadline, e);
    }
    try {
      long waitNanos = Math.max(0, deadline.remainingBefore(answerReserve).toNanos());
      return succeeded(result.get(waitNanos, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      if (result.isDone()) {
        return outcomeOf(result, event, deadline); // finished just as the guard fired
      }
      result.cancel(true); // interrupts the worker: it starts no further call
      CustomResourceFailure timedOut =
          new CustomResourceFailure.CreateInDoubt(
              "Timed out: no result " + answerReserve.toMillis() + " ms before the Lambda deadline",
              null);
      return failed(event, deadline, timedOut);
    } catch (ExecutionException e) {
      return failed(event, deadline, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      return failed(event, deadline, new CustomResourceFailure.CreateInDoubt("Interrupted", e));
    }
  }

  private CustomResourceResponse outcomeOf(
      Future<CustomResource.Outcome> done, CustomResourceEvent event, Deadline deadline) {
    try {
      return succeeded(done.get());
    } catch (ExecutionException e) {
      return failed(event, deadline, e.getCause());
    } catch (InterruptedException | RuntimeException e) {
      return failed(event, deadline, e);
    }
  }

  /** Runs on the worker thread. */
  private CustomResource.Outcome dispatch(CustomResourceEvent event, Deadline deadline) {
    String requestType = String.valueOf(event.requestType());
    if (!"Create".equals(requestType)
        && (event.physicalResourceId() == null || event.physicalResourceId().isEmpty())) {
      throw new CustomResourceFailure(requestType + " event has no PhysicalResourceId");
    }
    Optional<FailedCreate> failedCreate = FailedCreate.parse(event.physicalResourceId());
    return switch (requestType) {
      case "Create" -> resource.create(event, deadline);
      case "Update" -> {
        if (failedCreate.isEmpty()) {
          yield resource.update(event, deadline);
        }
        // The Create never succeeded: this Update makes the resource.
        deleteCreatedInDoubt(failedCreate.get(), event, deadline);
        yield resource.create(event, deadline);
      }
      case "Delete" -> {
        if (failedCreate.isEmpty()) {
          yield resource.delete(event, deadline);
        }
        deleteCreatedInDoubt(failedCreate.get(), event, deadline);
        yield new CustomResource.Outcome(event.physicalResourceId(), Map.of());
      }
      default ->
          throw new CustomResourceFailure(
              "RequestType '"
                  + event.requestType()
                  + "' is not supported; allowed: Create, Update, Delete");
    };
  }

  /**
   * Best effort: the Create failed, so nothing in the stack depends on what it may have made, and a
   * failing look-up must not block the rollback or deletion that sent this event.
   */
  private void deleteCreatedInDoubt(
      FailedCreate failedCreate, CustomResourceEvent event, Deadline deadline) {
    if (!failedCreate.isInDoubt()) {
      log.accept("the Create of " + event.physicalResourceId() + " had failed; nothing to delete");
      return;
    }
    try {
      resource.deleteCreatedInDoubt(failedCreate, event, deadline);
    } catch (RuntimeException e) {
      log.accept(
          "WARNING: could not look for what the Create in doubt "
              + event.physicalResourceId()
              + " made between "
              + failedCreate.from()
              + " and "
              + failedCreate.until()
              + "; check by hand: "
              + describe(e));
    }
  }

  private static CustomResourceResponse succeeded(CustomResource.Outcome outcome) {
    return CustomResourceResponse.success(outcome.physicalResourceId(), outcome.data());
  }

  /**
   * FAILED, with the event's physical id, or for a Create: the resource's own id when it was made,
   * else a {@link FailedCreate} marker that says whether it may have been.
   */
  private static CustomResourceResponse failed(
      CustomResourceEvent event, Deadline deadline, Throwable error) {
    String physicalId = event.physicalResourceId();
    if ("Create".equals(event.requestType()) || physicalId == null || physicalId.isEmpty()) {
      if (error instanceof CustomResourceFailure.CreatedButFailed made) {
        physicalId = made.physicalResourceId();
      } else if (error instanceof CustomResourceFailure.CreateInDoubt
          && "Create".equals(event.requestType())) {
        physicalId =
            FailedCreate.inDoubt(event.requestId(), deadline.startedAt(), deadline.endsAt())
                .physicalResourceId();
      } else {
        physicalId = FailedCreate.definite(event.requestId()).physicalResourceId();
      }
    }
    return CustomResourceResponse.failed(describe(error), physicalId);
  }

  static String describe(Throwable error) {
    if (error instanceof CustomResourceFailure failure) {
      return failure.getMessage();
    }
    return error.getClass().getSimpleName()
        + ": "
        + CustomResourceEvent.redactQueries(error.getMessage());
  }
}

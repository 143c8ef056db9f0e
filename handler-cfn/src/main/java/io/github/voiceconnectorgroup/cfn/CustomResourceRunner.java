package io.github.voiceconnectorgroup.cfn;

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

/**
 * The CloudFormation custom resource protocol, knowing nothing of the resource: parses the event,
 * dispatches on RequestType, answers exactly once, before the deadline, with a PUT to the
 * ResponseURL. The resource runs on a worker thread; if it has no result {@code answerReserve}
 * before the deadline, the answer is FAILED. Only this thread sends.
 *
 * <p>A failed Create answers with a {@link FailedCreate} physical id; the Delete that follows makes
 * no call for a definite one, and has the resource remove what one in doubt made.
 */
public final class CustomResourceRunner {

  /** Answers of the latest requests, re-sent if Lambda delivers one of them again. */
  private static final int REMEMBERED_ANSWERS = 64;

  private final ResourceLifecycle resource;
  private final ResponseSender sender;
  private final ExecutorService workers;
  private final Duration answerReserve;
  private final HandlerLog log;
  private final Map<String, byte[]> answered =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > REMEMBERED_ANSWERS;
        }
      };

  /**
   * A runner for one resource.
   *
   * @param resource what the events act on
   * @param sender sends the answer
   * @param workers where the resource runs, apart from the thread that answers
   * @param answerReserve the guard answers FAILED this long before the deadline
   * @param log where the protocol's lines go
   */
  public CustomResourceRunner(
      ResourceLifecycle resource,
      ResponseSender sender,
      ExecutorService workers,
      Duration answerReserve,
      HandlerLog log) {
    this.resource = resource;
    this.sender = sender;
    this.workers = workers;
    this.answerReserve = answerReserve;
    this.log = log;
  }

  /**
   * Handles one raw event; returns once the answer has been sent (or could not be).
   *
   * @param input the event's JSON
   * @param deadline when the invocation must be over
   */
  public void run(byte[] input, Deadline deadline) {
    Optional<CustomResourceEvent> parsed = parse(input);
    if (parsed.isEmpty()) {
      return;
    }
    CustomResourceEvent event = parsed.get();
    log.startRequest(event);
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
      log.answered(
          response.status(),
          response.physicalResourceId(),
          CustomResourceResponse.FAILED.equals(response.status())
              ? "answering FAILED: " + response.reason()
              : "answering SUCCESS with PhysicalResourceId=" + response.physicalResourceId());
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
    Future<ResourceLifecycle.Outcome> result;
    try {
      result = workers.submit(() -> dispatch(event, deadline));
    } catch (RuntimeException e) {
      return failed(event, e);
    }
    try {
      long waitNanos = Math.max(0, deadline.remainingBefore(answerReserve).toNanos());
      return succeeded(result.get(waitNanos, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      if (result.isDone()) {
        return outcomeOf(result, event); // finished just as the guard fired
      }
      result.cancel(true); // interrupts the worker: it starts no further call
      return failed(
          event,
          unfinished(
              event,
              deadline,
              "Timed out: no result " + answerReserve.toMillis() + " ms before the Lambda deadline",
              null));
    } catch (ExecutionException e) {
      return failed(event, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      return failed(event, unfinished(event, deadline, "Interrupted", e));
    }
  }

  private CustomResourceResponse outcomeOf(
      Future<ResourceLifecycle.Outcome> done, CustomResourceEvent event) {
    try {
      return succeeded(done.get());
    } catch (ExecutionException e) {
      return failed(event, e.getCause());
    } catch (InterruptedException | RuntimeException e) {
      return failed(event, e);
    }
  }

  /** Runs on the worker thread. */
  private ResourceLifecycle.Outcome dispatch(CustomResourceEvent event, Deadline deadline) {
    String requestType = String.valueOf(event.requestType());
    if (!"Create".equals(requestType)
        && (event.physicalResourceId() == null || event.physicalResourceId().isEmpty())) {
      throw new CustomResourceFailure(requestType + " event has no PhysicalResourceId");
    }
    Optional<FailedCreate> failedCreate =
        "Create".equals(requestType)
            ? Optional.empty()
            : FailedCreate.parse(resource.failedCreatePrefix(), event.physicalResourceId());
    ResourceLifecycle.Request request =
        new ResourceLifecycle.Request(event, deadline, failedCreate);
    ResourceLifecycle.Outcome deleted =
        new ResourceLifecycle.Outcome(event.physicalResourceId(), Map.of());
    return switch (requestType) {
      case "Create" -> resource.create(request);
      // The Create never succeeded: this Update makes the resource.
      case "Update" ->
          failedCreate.isPresent() ? resource.create(request) : resource.update(request);
      case "Delete" -> {
        if (failedCreate.isEmpty()) {
          resource.delete(request);
        } else if (failedCreate.get().isInDoubt()) {
          resource.deleteCreatedInDoubt(request);
        } else {
          log.accept(
              "the Create of " + event.physicalResourceId() + " had failed; nothing to delete");
        }
        yield deleted;
      }
      default ->
          throw new CustomResourceFailure(
              "RequestType '"
                  + event.requestType()
                  + "' is not supported; allowed: Create, Update, Delete");
    };
  }

  private static CustomResourceResponse succeeded(ResourceLifecycle.Outcome outcome) {
    return CustomResourceResponse.success(outcome.physicalResourceId(), outcome.data());
  }

  /**
   * A worker that did not finish: for a Create, whatever it sent was made by now or never, since
   * every call ends before the guard fires.
   */
  private static CustomResourceFailure unfinished(
      CustomResourceEvent event, Deadline deadline, String reason, Throwable cause) {
    return "Create".equals(event.requestType())
        ? new CustomResourceFailure.CreateInDoubt(
            reason, deadline.startedAt(), deadline.now(), cause)
        : new CustomResourceFailure(reason, cause);
  }

  /**
   * FAILED, with the event's physical id; or the resource's own id when the event made one; or, for
   * a Create (and an Update whose create is in doubt), a {@link FailedCreate} marker that says
   * whether a resource may have been made.
   */
  private CustomResourceResponse failed(CustomResourceEvent event, Throwable error) {
    String physicalId = event.physicalResourceId();
    String prefix = resource.failedCreatePrefix();
    if ("Delete".equals(event.requestType()) && physicalId != null && !physicalId.isEmpty()) {
      // CloudFormation keeps the id a Delete was sent for.
      return CustomResourceResponse.failed(CustomResourceFailure.reasonOf(error), physicalId);
    }
    if (error instanceof CustomResourceFailure.CreatedButFailed made) {
      physicalId = made.physicalResourceId();
    } else if (error instanceof CustomResourceFailure.CreateInDoubt doubt) {
      physicalId =
          FailedCreate.inDoubt(event.requestId(), doubt.from(), doubt.until())
              .physicalResourceId(prefix);
    } else if ("Create".equals(event.requestType()) || physicalId == null || physicalId.isEmpty()) {
      physicalId = FailedCreate.definite(event.requestId()).physicalResourceId(prefix);
    }
    return CustomResourceResponse.failed(CustomResourceFailure.reasonOf(error), physicalId);
  }
}

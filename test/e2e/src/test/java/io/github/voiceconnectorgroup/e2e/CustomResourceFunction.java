package io.github.voiceconnectorgroup.e2e;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.LambdaFunction;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Resource;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import io.github.voiceconnectorgroup.testsupport.JavaLambdaProcess;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.Invocation;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.InvocationResult;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.Outcome;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One stack's custom resource function, deployed locally: its code asset run by {@link
 * JavaLambdaProcess} under the real runtime interface client, a {@link LambdaRuntimeApiStandIn} to
 * invoke it, and a {@link ResponseUrlRecorder} as every event's ResponseURL. It plays
 * CloudFormation towards the function: {@link CloudFormationEvent}s addressed to it, one invocation
 * at a time.
 */
final class CustomResourceFunction implements AutoCloseable {

  /** How long to wait for a response PUT after the invocation ended. */
  private static final Duration PUT_GRACE = Duration.ofSeconds(5);

  private final Stack stack;
  private final LambdaFunction function;
  private final String functionArn;
  private final String stackId;
  private final Path asset;
  private final LambdaRuntimeApiStandIn runtimeApi;
  private final ResponseUrlRecorder responseUrl;
  private final ChimeSdkVoiceStandIn chime;
  private final Path workDirectory;
  private JavaLambdaProcess process;
  private int processCount = 1;
  private final List<InvocationResult> results = new ArrayList<>();

  private CustomResourceFunction(
      Stack stack,
      LambdaFunction function,
      String functionArn,
      Path asset,
      LambdaRuntimeApiStandIn runtimeApi,
      ResponseUrlRecorder responseUrl,
      ChimeSdkVoiceStandIn chime,
      Path workDirectory,
      JavaLambdaProcess process) {
    this.chime = chime;
    this.workDirectory = workDirectory;
    this.stack = stack;
    this.function = function;
    this.functionArn = functionArn;
    this.asset = asset;
    this.runtimeApi = runtimeApi;
    this.responseUrl = responseUrl;
    this.process = process;
    this.stackId =
        "arn:aws:cloudformation:"
            + stack.region().orElse("us-east-1")
            + ":"
            + stack.account().orElse("123456789012")
            + ":stack/"
            + stack.stackName()
            + "/"
            + UUID.randomUUID();
  }

  /**
   * Starts the process of the function that serves the stack's custom resources, configured from
   * the template: Handler, MemorySize and plain Environment variables, with the Chime SDK Voice
   * client pointed at the stand-in.
   */
  static CustomResourceFunction start(
      Stack stack, LambdaFunction function, ChimeSdkVoiceStandIn chime) throws IOException {
    String region = stack.region().orElse("us-east-1");
    String name = stack.stackName() + "-" + function.logicalId();
    String arn =
        "arn:aws:lambda:"
            + region
            + ":"
            + stack.account().orElse("123456789012")
            + ":function:"
            + name;
    Path asset = stack.codeAsset(function);
    Path work = SynthesizedApp.workDirectory().resolve("functions").resolve(stack.artifactId());
    deleteRecursively(work);
    LambdaRuntimeApiStandIn runtimeApi = LambdaRuntimeApiStandIn.start(arn);
    ResponseUrlRecorder responseUrl = ResponseUrlRecorder.start();
    JavaLambdaProcess process =
        startProcess(stack, function, asset, runtimeApi, chime, work.resolve("environment-1"));
    return new CustomResourceFunction(
        stack, function, arn, asset, runtimeApi, responseUrl, chime, work, process);
  }

  private static JavaLambdaProcess startProcess(
      Stack stack,
      LambdaFunction function,
      Path asset,
      LambdaRuntimeApiStandIn runtimeApi,
      ChimeSdkVoiceStandIn chime,
      Path work)
      throws IOException {
    return JavaLambdaProcess.builder()
        .code(asset)
        .handler(function.handler())
        .functionName(stack.stackName() + "-" + function.logicalId())
        .memorySizeMb(function.memorySizeMb())
        .region(stack.region().orElse("us-east-1"))
        .environment(function.environment())
        .chimeSdkVoiceEndpoint(chime.endpoint())
        .runtimeApi(runtimeApi)
        .workDirectory(work)
        .start();
  }

  /**
   * Starts a new execution environment if the last one has exited, as Lambda would for the next
   * event.
   *
   * @return whether a new process was started
   */
  boolean restartIfExited() throws IOException {
    if (process.isAlive()) {
      return false;
    }
    // A poll the dead process left open must not swallow the next event.
    runtimeApi.abandonOpenPolls();
    processCount++;
    process =
        startProcess(
            stack,
            function,
            asset,
            runtimeApi,
            chime,
            workDirectory.resolve("environment-" + processCount));
    return true;
  }

  String functionArn() {
    return functionArn;
  }

  Path asset() {
    return asset;
  }

  JavaLambdaProcess process() {
    return process;
  }

  ResponseUrlRecorder responseUrl() {
    return responseUrl;
  }

  /** {@link System#nanoTime()} of the runtime's first poll, the end of its init. */
  long firstPollAtNanos() {
    return runtimeApi.firstPollAtNanos().orElseThrow();
  }

  /** The template's timeout of the function. */
  Duration templateTimeout() {
    return Duration.ofSeconds(function.timeoutSeconds());
  }

  /** Every invocation's result so far, oldest first. */
  List<InvocationResult> results() {
    return List.copyOf(results);
  }

  Answer create(
      String sequence, Resource resource, Map<String, Object> properties, Duration timeout) {
    return invoke(sequence, addressed(CloudFormationEvent.create(properties), resource), timeout);
  }

  Answer update(
      String sequence,
      Resource resource,
      String physicalResourceId,
      Map<String, Object> properties,
      Map<String, Object> oldProperties,
      Duration timeout) {
    return invoke(
        sequence,
        addressed(
            CloudFormationEvent.update(physicalResourceId, properties, oldProperties), resource),
        timeout);
  }

  Answer delete(
      String sequence,
      Resource resource,
      String physicalResourceId,
      Map<String, Object> properties,
      Duration timeout) {
    return invoke(
        sequence,
        addressed(CloudFormationEvent.delete(physicalResourceId, properties), resource),
        timeout);
  }

  /** The event as CloudFormation sends it to this function for one of the stack's resources. */
  CloudFormationEvent addressed(CloudFormationEvent event, Resource resource) {
    return event
        .withServiceToken(functionArn)
        .withResponseUrl(responseUrl.url())
        .withStackId(stackId)
        .withLogicalResourceId(resource.logicalId())
        .withResourceType(resource.type());
  }

  /** Sends one event and waits for its outcome; sending the same event twice is a duplicate. */
  Answer invoke(String sequence, CloudFormationEvent event, Duration timeout) {
    String step = sequence + ": " + event.requestType() + " of " + event.logicalResourceId();
    Invocation invocation = runtimeApi.enqueue(event.toJson(), timeout);
    InvocationResult result = awaitWhileRunning(step, invocation, timeout);
    results.add(result);
    List<RecordedRequest> puts = awaitPuts(event.requestId());
    Supplier<String> tail = this::logTail;
    if (result.outcome() == Outcome.TIMED_OUT) {
      // Lambda discards an execution environment whose invocation timed out.
      String lastLines = logTail();
      tail = () -> lastLines;
      process.close();
      try {
        restartIfExited();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a new execution environment", e);
      }
    }
    return new Answer(step, event.toMap(), invocation, result, puts, tail);
  }

  /** Waits for the invocation, failing at once if the process exits without an outcome. */
  private InvocationResult awaitWhileRunning(String step, Invocation invocation, Duration timeout) {
    long until = System.nanoTime() + timeout.plus(Duration.ofSeconds(30)).toNanos();
    while (System.nanoTime() < until) {
      try {
        return invocation.result().get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        if (!process.isAlive() && !invocation.result().isDone()) {
          throw new AssertionError(
              "["
                  + step
                  + "] the function process exited with code "
                  + process.awaitExit(Duration.ZERO).orElse(null)
                  + " without answering the invocation\n"
                  + logTail());
        }
      } catch (ExecutionException | InterruptedException e) {
        throw new AssertionError("[" + step + "] invocation failed: " + e, e);
      }
    }
    throw new AssertionError(
        "[" + step + "] the invocation had no outcome long after its timeout\n" + logTail());
  }

  private List<RecordedRequest> awaitPuts(String requestId) {
    long until = System.nanoTime() + PUT_GRACE.toNanos();
    while (true) {
      List<RecordedRequest> puts = putsFor(requestId);
      if (puts.stream().anyMatch(RecordedRequest::accepted) || System.nanoTime() > until) {
        return puts;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return puts;
      }
    }
  }

  private List<RecordedRequest> putsFor(String requestId) {
    List<RecordedRequest> puts = new ArrayList<>();
    for (RecordedRequest request : responseUrl.requests()) {
      try {
        if (requestId.equals(JSON.std.mapFrom(request.bodyText()).get("RequestId"))) {
          puts.add(request);
        }
      } catch (IOException | RuntimeException notJson) {
        // A body that is not JSON belongs to no request; Answer reports it as missing.
      }
    }
    return puts;
  }

  /** The last lines of the function's log, for failure messages. */
  String logTail() {
    List<String> lines = process.logs().lines().toList();
    int from = Math.max(0, lines.size() - 25);
    return "--- last function log lines (the runtime buffers its output, so they may lag) ---\n"
        + String.join("\n", lines.subList(from, lines.size()));
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max
        ? text
        : text.substring(0, max) + "... (" + text.length() + " chars)";
  }

  @Override
  public void close() {
    process.close();
    runtimeApi.close();
    responseUrl.close();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** What one invocation produced: the Runtime API's view and the response PUT(s). */
  static final class Answer {
    private final String step;
    private final Map<String, Object> event;
    private final Invocation invocation;
    private final InvocationResult result;
    private final List<RecordedRequest> puts;
    private final Supplier<String> logTail;

    Answer(
        String step,
        Map<String, Object> event,
        Invocation invocation,
        InvocationResult result,
        List<RecordedRequest> puts,
        Supplier<String> logTail) {
      this.step = step;
      this.event = event;
      this.invocation = invocation;
      this.result = result;
      this.puts = puts;
      this.logTail = logTail;
    }

    /** {@code [<sequence>: <RequestType> of <LogicalResourceId>]}, for assertion descriptions. */
    String step() {
      return "[" + step + "]";
    }

    InvocationResult invocation() {
      return result;
    }

    Invocation pendingInvocation() {
      return invocation;
    }

    /** Every PUT for this event, the failed ones included. */
    List<RecordedRequest> puts() {
      return puts;
    }

    /**
     * The one accepted response PUT, checked against the protocol: exactly one accepted, the
     * request's ids echoed, an empty Content-Type, an exact Content-Length, at most 4096 bytes.
     */
    RecordedRequest response() {
      List<RecordedRequest> accepted = puts.stream().filter(RecordedRequest::accepted).toList();
      if (accepted.size() != 1) {
        throw new AssertionError(
            step()
                + " expected exactly one accepted response PUT, got "
                + accepted.size()
                + " (of "
                + puts.size()
                + "); the invocation ended "
                + result.outcome()
                + (result.errorType() != null ? " " + result.errorType() : "")
                + " "
                + abbreviate(result.bodyAsString(), 600)
                + (accepted.isEmpty() ? ": CloudFormation would wait for the service timeout" : "")
                + "\n"
                + logTail.get());
      }
      RecordedRequest put = accepted.get(0);
      Map<String, Object> body = put.json();
      for (String echoed : List.of("StackId", "RequestId", "LogicalResourceId")) {
        if (!Objects.equals(event.get(echoed), body.get(echoed))) {
          throw new AssertionError(
              step()
                  + " response "
                  + echoed
                  + " "
                  + body.get(echoed)
                  + " is not the request's "
                  + event.get(echoed));
        }
      }
      String contentType = put.header("Content-Type");
      if (contentType != null && !contentType.isEmpty()) {
        throw new AssertionError(
            step()
                + " response Content-Type is '"
                + contentType
                + "'; S3 pre-signed PUTs need it empty");
      }
      String contentLength = put.header("Content-Length");
      if (contentLength == null || Integer.parseInt(contentLength) != put.body().length) {
        throw new AssertionError(
            step()
                + " response Content-Length "
                + contentLength
                + " for a body of "
                + put.body().length);
      }
      if (put.body().length > 4096) {
        throw new AssertionError(
            step() + " response body is " + put.body().length + " bytes; the limit is 4096");
      }
      return put;
    }

    Map<String, Object> json() {
      return response().json();
    }

    String status() {
      return (String) json().get("Status");
    }

    String physicalResourceId() {
      return (String) json().get("PhysicalResourceId");
    }

    String reason() {
      return (String) json().get("Reason");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> data() {
      Object data = json().get("Data");
      return data == null ? Map.of() : (Map<String, Object>) data;
    }
  }
}

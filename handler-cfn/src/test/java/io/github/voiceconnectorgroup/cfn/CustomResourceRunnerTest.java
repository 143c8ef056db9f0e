package io.github.voiceconnectorgroup.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** The protocol with a resource of the test's own: dispatch, markers, the guard, the log. */
class CustomResourceRunnerTest {

  private static final String PREFIX = "Thing-CreateFailed-";
  private static final Map<String, Object> PROPERTIES = Map.of("Size", "1");

  /** A resource whose every method does what the test says and records that it was called. */
  private static final class ScriptedResource implements ResourceLifecycle {
    final List<String> calls = new CopyOnWriteArrayList<>();
    Function<Request, Outcome> onCreate = r -> new Outcome("thing-1", Map.of("Id", "thing-1"));
    Function<Request, Outcome> onUpdate =
        r -> new Outcome(r.event().physicalResourceId(), Map.of());
    Function<Request, Outcome> onDelete = r -> null;

    @Override
    public String failedCreatePrefix() {
      return PREFIX;
    }

    @Override
    public Outcome create(Request request) {
      calls.add("create" + request.failedCreate().map(f -> " after " + f.requestId()).orElse(""));
      return onCreate.apply(request);
    }

    @Override
    public Outcome update(Request request) {
      calls.add("update");
      return onUpdate.apply(request);
    }

    @Override
    public void delete(Request request) {
      calls.add("delete");
      onDelete.apply(request);
    }

    @Override
    public void deleteCreatedInDoubt(Request request) {
      calls.add("deleteCreatedInDoubt " + request.failedCreate().orElseThrow().from());
    }
  }

  private final ScriptedResource resource = new ScriptedResource();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private ResponseUrlRecorder responseUrl;
  private int requests;

  @BeforeEach
  void start() throws Exception {
    responseUrl = ResponseUrlRecorder.start();
  }

  @AfterEach
  void stop() {
    responseUrl.close();
    workers.shutdownNow();
  }

  private Map<String, Object> run(CloudFormationEvent event, Duration remaining, HandlerLog log) {
    CustomResourceRunner runner =
        new CustomResourceRunner(
            resource,
            new ResponseSender(
                BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(50)),
                Sleeper.THREAD,
                Duration.ofMillis(50),
                log),
            workers,
            Duration.ofMillis(200),
            log);
    int before = responseUrl.accepted().size();
    String json =
        event
            .withResponseUrl(responseUrl.url())
            .withRequestId("request-" + (++requests))
            .withLogicalResourceId("Thing")
            .toJson();
    runner.run(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Deadline.after(remaining, Clock.systemUTC()));
    assertThat(responseUrl.accepted()).hasSize(before + 1);
    return responseUrl.accepted().get(before).json();
  }

  /** Works past any deadline the tests give, until interrupted. */
  private static ResourceLifecycle.Outcome outliveTheGuard(ResourceLifecycle.Request request) {
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private Map<String, Object> run(CloudFormationEvent event) {
    return run(event, Duration.ofSeconds(5), HandlerLog.text(lines::add));
  }

  @Test
  void aDeleteOfADefiniteFailedCreateCallsNothing() {
    String marker = FailedCreate.definite("r1").physicalResourceId(PREFIX);

    Map<String, Object> answer = run(CloudFormationEvent.delete(marker, PROPERTIES));

    assertThat(answer)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(resource.calls).isEmpty();
  }

  @Test
  void aDeleteOfACreateInDoubtHasTheResourceRemoveWhatItMade() {
    Instant from = Instant.parse("2026-12-01T10:00:00Z");
    String marker =
        FailedCreate.inDoubt("r1", from, from.plusSeconds(2)).physicalResourceId(PREFIX);

    Map<String, Object> answer = run(CloudFormationEvent.delete(marker, PROPERTIES));

    assertThat(answer)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(resource.calls).containsExactly("deleteCreatedInDoubt " + from);
  }

  @Test
  void anUpdateOfAFailedCreateCreatesTheResource() {
    String marker = FailedCreate.definite("r1").physicalResourceId(PREFIX);

    Map<String, Object> answer = run(CloudFormationEvent.update(marker, PROPERTIES, PROPERTIES));

    assertThat(answer)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", "thing-1");
    assertThat(resource.calls).containsExactly("create after r1");
  }

  @Test
  void aCreateInDoubtAnswersAMarkerWithTheResourcesOwnWindow() {
    Instant from = Instant.parse("2026-12-01T10:00:00Z");
    resource.onCreate =
        r -> {
          throw new CustomResourceFailure.CreateInDoubt("lost", from, from.plusSeconds(3), null);
        };

    Map<String, Object> answer = run(CloudFormationEvent.create(PROPERTIES));

    assertThat(answer).containsEntry("Status", "FAILED").containsEntry("Reason", "lost");
    FailedCreate marker =
        FailedCreate.parse(PREFIX, (String) answer.get("PhysicalResourceId")).orElseThrow();
    assertThat(marker.from()).isEqualTo(from);
    assertThat(marker.until()).isEqualTo(from.plusSeconds(3));
  }

  @Test
  void aFailedDeleteKeepsItsIdWhateverTheResourceThrew() {
    resource.onDelete =
        r -> {
          throw new CustomResourceFailure.CreateInDoubt("odd", Instant.EPOCH, Instant.EPOCH, null);
        };

    Map<String, Object> answer = run(CloudFormationEvent.delete("thing-1", PROPERTIES));

    assertThat(answer)
        .containsEntry("Status", "FAILED")
        .containsEntry("PhysicalResourceId", "thing-1");
  }

  @Test
  void anUpdateStillRunningAtTheGuardAnswersFailedWithItsOwnIdNotAMarker() {
    resource.onUpdate = CustomResourceRunnerTest::outliveTheGuard;

    Map<String, Object> answer =
        run(
            CloudFormationEvent.update("thing-1", PROPERTIES, PROPERTIES),
            Duration.ofMillis(600),
            HandlerLog.text(lines::add));

    assertThat(answer)
        .containsEntry("Status", "FAILED")
        .containsEntry("PhysicalResourceId", "thing-1");
    assertThat((String) answer.get("Reason")).startsWith("Timed out");
  }

  @Test
  void aCreateStillRunningAtTheGuardAnswersAMarkerInDoubtUpToNow() {
    resource.onCreate = CustomResourceRunnerTest::outliveTheGuard;
    Instant before = Instant.now();

    Map<String, Object> answer =
        run(
            CloudFormationEvent.create(PROPERTIES),
            Duration.ofMillis(600),
            HandlerLog.text(lines::add));

    FailedCreate marker =
        FailedCreate.parse(PREFIX, (String) answer.get("PhysicalResourceId")).orElseThrow();
    assertThat(marker.isInDoubt()).isTrue();
    assertThat(marker.until()).isBetween(before, Instant.now());
  }

  @Test
  void jsonLinesNameTheRequestAndTheAnswersOutcomeButNeverTheUrlsSignature() throws Exception {
    List<String> json = new CopyOnWriteArrayList<>();
    HandlerLog log =
        new HandlerLog(HandlerLog.Format.JSON, HandlerLog.Level.INFO, Clock.systemUTC(), json::add);

    run(CloudFormationEvent.create(PROPERTIES), Duration.ofSeconds(5), log);

    assertThat(json).isNotEmpty().noneMatch(line -> line.contains(responseUrl.signature()));
    List<Map<String, Object>> parsed = new java.util.ArrayList<>();
    for (String line : json) {
      parsed.add(JSON.std.mapFrom(line));
    }
    assertThat(parsed)
        .allSatisfy(
            line ->
                assertThat(line)
                    .containsKeys("timestamp", "level", "message")
                    .containsEntry("requestType", "Create")
                    .containsEntry("logicalResourceId", "Thing"));
    assertThat(parsed)
        .anySatisfy(
            line ->
                assertThat(line)
                    .containsEntry("outcome", "SUCCESS")
                    .containsEntry("physicalResourceId", "thing-1")
                    .containsEntry("level", "INFO"));
  }

  @Test
  void warningsAreAtLevelWarnAndDebugLinesAreDroppedBelowTheLevel() throws Exception {
    List<String> json = new CopyOnWriteArrayList<>();
    HandlerLog log =
        new HandlerLog(HandlerLog.Format.JSON, HandlerLog.Level.INFO, Clock.systemUTC(), json::add);

    log.accept("WARNING: look");
    log.accept("DEBUG: detail");

    assertThat(json)
        .singleElement()
        .satisfies(line -> assertThat(JSON.std.mapFrom(line)).containsEntry("level", "WARN"));
  }

  @Test
  void linesBelowTheApplicationLogLevelAreDroppedInEitherFormat() {
    List<String> text = new CopyOnWriteArrayList<>();
    HandlerLog log =
        new HandlerLog(HandlerLog.Format.TEXT, HandlerLog.Level.WARN, Clock.systemUTC(), text::add);

    log.accept("created voice connector group g1");
    log.accept("WARNING: look");

    assertThat(text).containsExactly("WARNING: look");
  }
}

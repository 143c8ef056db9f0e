package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.cfn.HandlerLog;
import io.github.voiceconnectorgroup.cfn.ResponseSender;
import io.github.voiceconnectorgroup.cfn.Sleeper;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import io.github.voiceconnectorgroup.testsupport.ManualClock;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * The handler wired to local stand-ins with the production waits (60 s visibility, 5 s polls, 30 s
 * IAM propagation, the function's 180 s timeout) on a {@link ManualClock} that the handler's sleeps
 * move, so a minute's wait takes milliseconds. {@link #realTime()} gives a harness on the system
 * clock instead, for the deadline guard, which waits in real time.
 */
final class HandlerHarness implements AutoCloseable {

  static final String ACCESS_KEY = "AKIDHANDLERTEST0001";
  static final String SECRET_KEY = "handler-test-secret-key-do-not-log";
  static final Duration TIMEOUT =
      Duration.ofSeconds(VoiceConnectorGroupContract.HANDLER_TIMEOUT_SECONDS);
  static final EventualConsistency CONSISTENCY = EventualConsistency.OF_THE_SERVICE;

  final Clock clock;
  final ChimeSdkVoiceStandIn service;
  final ResponseUrlRecorder responseUrl;
  final ChimeSdkVoiceClient client;
  final List<String> logs = new CopyOnWriteArrayList<>();
  final VoiceConnectorGroupHandler handler;
  private final Duration defaultRemaining;
  private int requestCounter;

  /** On a manual clock, with the production waits and timeout. */
  HandlerHarness() throws IOException {
    this(
        new ManualClock(Instant.parse("2026-12-01T10:00:00Z")),
        TIMEOUT,
        CONSISTENCY,
        VoiceConnectorGroupHandler.ANSWER_RESERVE,
        VoiceConnectorGroupHandler.CALL_RESERVE);
  }

  /**
   * On the system clock, with short deadlines (the guard fires in real time): a new group is
   * believed gone after a second, and an unanswered create acted on for a second more.
   */
  static HandlerHarness realTime() throws IOException {
    return new HandlerHarness(
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        new EventualConsistency(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            Duration.ofSeconds(1)),
        Duration.ofMillis(300),
        Duration.ofMillis(600));
  }

  private HandlerHarness(
      Clock clock,
      Duration defaultRemaining,
      EventualConsistency consistency,
      Duration answerReserve,
      Duration callReserve)
      throws IOException {
    this.clock = clock;
    this.defaultRemaining = defaultRemaining;
    service = ChimeSdkVoiceStandIn.start(clock);
    responseUrl = ResponseUrlRecorder.start();
    client =
        ChimeSdkVoiceClients.create(
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
            service.endpoint());
    Sleeper sleeper = clock instanceof ManualClock manual ? manual::advance : Sleeper.THREAD;
    ResponseSender sender =
        new ResponseSender(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(20), Duration.ofMillis(200)),
            sleeper,
            Duration.ofMillis(50),
            logs::add);
    VoiceConnectorGroupLifecycle lifecycle =
        new VoiceConnectorGroupLifecycle(
            () -> client, callReserve, consistency, sleeper, logs::add);
    handler =
        new VoiceConnectorGroupHandler(
            lifecycle, sender, answerReserve, clock, HandlerLog.text(logs::add));
  }

  /** The harness's clock, when it is a manual one. */
  ManualClock manualClock() {
    return (ManualClock) clock;
  }

  /** The next create's answer is lost after it took effect, and every look-up for it is refused. */
  void loseTheCreatesAnswerAndTheLookUp() {
    service.dropAnswerOfNext(ChimeSdkVoiceStandIn.Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);
    service.failAlways(
        ChimeSdkVoiceStandIn.Operation.LIST_VOICE_CONNECTOR_GROUPS,
        403,
        "AccessDeniedException",
        "denied");
  }

  /** Invokes the handler and returns the response it PUT (exactly one new accepted PUT). */
  Map<String, Object> invoke(Map<String, Object> event) {
    return invoke(event, defaultRemaining);
  }

  Map<String, Object> invoke(Map<String, Object> event, Duration remaining) {
    return lastResponse(invokeRaw(json(event), remaining));
  }

  /** Invokes with raw bytes; returns how many accepted responses existed before. */
  int invokeRaw(byte[] event, Duration remaining) {
    int before = responseUrl.accepted().size();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          new ByteArrayOutputStream(),
          new DeadlineContext(remaining));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return before;
  }

  Map<String, Object> lastResponse(int acceptedBefore) {
    List<RecordedRequest> accepted = responseUrl.accepted();
    assertThat(accepted).as("accepted responses for this invocation").hasSize(acceptedBefore + 1);
    return accepted.get(accepted.size() - 1).json();
  }

  Map<String, Object> createEvent(Map<String, Object> properties) {
    return event(CloudFormationEvent.create(properties));
  }

  Map<String, Object> updateEvent(
      String physicalId, Map<String, Object> properties, Map<String, Object> oldProperties) {
    return event(CloudFormationEvent.update(physicalId, properties, oldProperties));
  }

  Map<String, Object> deleteEvent(String physicalId, Map<String, Object> properties) {
    return event(CloudFormationEvent.delete(physicalId, properties));
  }

  /** The event as CloudFormation sends it to this harness's function for resource "Group". */
  Map<String, Object> event(CloudFormationEvent event) {
    return event
        .withResponseUrl(responseUrl.url())
        .withRequestId("request-" + (++requestCounter))
        .withResourceType("Custom::VoiceConnectorGroup")
        .withLogicalResourceId("Group")
        .toMap();
  }

  /** Properties as CloudFormation delivers them: every value a string. */
  static Map<String, Object> properties(String name, Object... idPriorityPairs) {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < idPriorityPairs.length; i += 2) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("VoiceConnectorId", idPriorityPairs[i]);
      item.put("Priority", idPriorityPairs[i + 1]);
      items.add(item);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Name", name);
    properties.put("VoiceConnectorItems", items);
    return properties;
  }

  /** A copy of the properties with phone numbers (and ForceAssociate when not null). */
  static Map<String, Object> withNumbers(
      Map<String, Object> properties, String forceAssociate, String... numbers) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    copy.put("PhoneNumbers", List.of(numbers));
    if (forceAssociate != null) {
      copy.put("ForceAssociate", forceAssociate);
    }
    return copy;
  }

  static byte[] json(Map<String, Object> value) {
    try {
      return JSON.std.asBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String allLogs() {
    return String.join("\n", logs);
  }

  @Override
  public void close() {
    client.close();
    service.close();
    responseUrl.close();
  }
}

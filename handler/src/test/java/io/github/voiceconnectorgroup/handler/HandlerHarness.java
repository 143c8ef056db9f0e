package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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

/** The handler wired to local stand-ins, with short deadlines and captured logs. */
final class HandlerHarness implements AutoCloseable {

  static final String ACCESS_KEY = "AKIDHANDLERTEST0001";
  static final String SECRET_KEY = "handler-test-secret-key-do-not-log";
  static final Duration DEFAULT_REMAINING = Duration.ofSeconds(10);
  static final Duration ANSWER_RESERVE = Duration.ofMillis(300);
  static final Duration CALL_RESERVE = Duration.ofMillis(600);

  /** The service's waits, shortened: a new group is believed gone after a second. */
  static final EventualConsistency CONSISTENCY =
      new EventualConsistency(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200));

  final ChimeSdkVoiceStandIn service;
  final ResponseUrlRecorder responseUrl;
  final ChimeSdkVoiceClient client;
  final List<String> logs = new CopyOnWriteArrayList<>();
  final VoiceConnectorGroupHandler handler;
  private int requestCounter;

  HandlerHarness() throws IOException {
    service = ChimeSdkVoiceStandIn.start();
    responseUrl = ResponseUrlRecorder.start();
    client =
        ChimeSdkVoiceClients.create(
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
            service.endpoint());
    ResponseSender sender =
        new ResponseSender(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(20), Duration.ofMillis(200)),
            Duration.ofMillis(50),
            logs::add);
    VoiceConnectorGroupLifecycle lifecycle =
        new VoiceConnectorGroupLifecycle(() -> client, CALL_RESERVE, CONSISTENCY, logs::add);
    handler = new VoiceConnectorGroupHandler(lifecycle, sender, ANSWER_RESERVE, logs::add);
  }

  /** Invokes the handler and returns the response it PUT (exactly one new accepted PUT). */
  Map<String, Object> invoke(Map<String, Object> event) {
    return invoke(event, DEFAULT_REMAINING);
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

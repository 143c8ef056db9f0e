package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.handler.HandlerHarness.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.cfn.FailedCreate;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creates whose outcome is unknown (the answer lost, a 5xx after the service acted), at the
 * production waits: what the handler takes, what it leaves to the next event, and that it never
 * takes or deletes a group that may be another stack's.
 */
class CreateInDoubtTest {

  private static final String PREFIX = VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX;
  private static final String IN_DOUBT = PREFIX + "InDoubt-";
  private static final List<Item> ITEMS = List.of(new Item("vc-a", 1));

  private HandlerHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new HandlerHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aCreateInDoubtRecordsTheCreatesWindowSoTheDeleteSentAtOnceRemovesWhatItMade() {
    harness.loseTheCreatesAnswerAndTheLookUp();
    Map<String, Object> properties = properties("Doubt", "vc-a", "1");
    Instant sent = harness.clock.instant();

    Map<String, Object> created = harness.invoke(harness.createEvent(properties));

    assertThat(created).containsEntry("Status", "FAILED");
    String marker = (String) created.get("PhysicalResourceId");
    FailedCreate window = FailedCreate.parse(PREFIX, marker).orElseThrow();
    assertThat(window.isInDoubt()).isTrue();
    // From the create sent to its lost answer, plus the time the service may still act on it:
    // not to the invocation's deadline.
    assertThat(window.from()).isEqualTo(sent);
    assertThat(window.until())
        .isBetween(
            sent.plus(HandlerHarness.CONSISTENCY.lateAction()),
            sent.plus(HandlerHarness.CONSISTENCY.lateAction()).plusSeconds(1))
        .isBefore(sent.plus(HandlerHarness.TIMEOUT));
    assertThat((String) created.get("Reason"))
        .contains("CreateVoiceConnectorGroup failed", "may exist", "the Delete that follows");
    assertThat(harness.service.groups()).hasSize(1);

    harness.service.clearFaults();
    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(marker, properties));

    assertThat(deleted)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(harness.service.groups()).isEmpty();
  }

  @Test
  void twoIdenticalGroupsMadeInTheWindowAreNeitherTakenAndTheFailureNamesBoth() {
    String others = harness.service.seedGroup("Twin", ITEMS, harness.clock.instant());
    harness.service.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 503, "ServiceUnavailableException", "late");

    Map<String, Object> created =
        harness.invoke(harness.createEvent(properties("Twin", "vc-a", "1")));

    assertThat(harness.service.groups()).hasSize(2);
    String ours =
        harness.service.groups().stream()
            .map(Group::id)
            .filter(id -> !id.equals(others))
            .findFirst()
            .orElseThrow();
    assertThat(created).containsEntry("Status", "FAILED");
    assertThat((String) created.get("Reason"))
        .contains(ours, others, "one may be another stack's, so none is taken");
    assertThat((String) created.get("PhysicalResourceId"))
        .startsWith(PREFIX)
        .doesNotStartWith(IN_DOUBT);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void theCleanUpOfACreateInDoubtWithTwoCandidatesDeletesNeitherAndNamesBoth() {
    harness.loseTheCreatesAnswerAndTheLookUp();
    Map<String, Object> properties = properties("Twin", "vc-a", "1");
    String marker =
        (String) harness.invoke(harness.createEvent(properties)).get("PhysicalResourceId");
    String ours = harness.service.groups().get(0).id();
    FailedCreate window = FailedCreate.parse(PREFIX, marker).orElseThrow();
    String others = harness.service.seedGroup("Twin", ITEMS, window.from().plusSeconds(1));
    harness.service.clearFaults();

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(marker, properties));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups())
        .extracting(Group::id)
        .containsExactlyInAnyOrder(ours, others);
    assertThat(harness.service.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isZero();
    assertThat(harness.logs)
        .anySatisfy(line -> assertThat(line).contains("WARNING", ours, others, "none is deleted"));
  }

  @Test
  void anIdenticalGroupMadeBeforeTheCreateIsNotTaken() {
    String older =
        harness.service.seedGroup(
            "Twin", ITEMS, harness.clock.instant().minus(Duration.ofMinutes(10)));
    harness.service.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 503, "ServiceUnavailableException", "late");

    Map<String, Object> created =
        harness.invoke(harness.createEvent(properties("Twin", "vc-a", "1")));

    assertThat(created).containsEntry("Status", "SUCCESS");
    assertThat((String) created.get("PhysicalResourceId")).isNotEqualTo(older);
    assertThat(harness.service.groups()).hasSize(2);
  }

  @Test
  void anUpdateWhoseRecreateIsInDoubtAnswersAMarkerThatTheRollbackCleansUp() {
    Map<String, Object> old = properties("Drifted", "vc-a", "1");
    String id = (String) harness.invoke(harness.createEvent(old)).get("PhysicalResourceId");
    harness.service.deleteGroupOutOfBand(id);
    Map<String, Object> changed = properties("Drifted", "vc-a", "2");
    harness.loseTheCreatesAnswerAndTheLookUp();

    Map<String, Object> failed = harness.invoke(harness.updateEvent(id, changed, old));

    assertThat(failed).containsEntry("Status", "FAILED");
    String marker = (String) failed.get("PhysicalResourceId");
    assertThat(marker).startsWith(IN_DOUBT);
    assertThat(harness.service.groups()).hasSize(1);

    harness.service.clearFaults();
    Map<String, Object> rollback = harness.invoke(harness.updateEvent(marker, old, changed));

    assertThat(rollback).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups())
        .singleElement()
        .satisfies(
            group -> {
              assertThat(group.id()).isEqualTo(rollback.get("PhysicalResourceId"));
              assertThat(group.items()).containsExactly(new Item("vc-a", 1));
            });
  }

  @Test
  void anUpdateOnACreateInDoubtWhoseCreateIsRefusedKeepsTheMarkerAndLeavesNoGroup() {
    Map<String, Object> properties = properties("Again", "vc-a", "1");
    harness.loseTheCreatesAnswerAndTheLookUp();
    String marker =
        (String) harness.invoke(harness.createEvent(properties)).get("PhysicalResourceId");
    assertThat(harness.service.groups()).hasSize(1);
    harness.service.clearFaults();
    harness.service.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 400, "BadRequestException", "refused");
    Map<String, Object> changed = properties("Again", "vc-a", "2");

    Map<String, Object> failed = harness.invoke(harness.updateEvent(marker, changed, properties));

    assertThat(failed)
        .containsEntry("Status", "FAILED")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(harness.service.groups()).isEmpty();

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(marker, changed));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
  }
}

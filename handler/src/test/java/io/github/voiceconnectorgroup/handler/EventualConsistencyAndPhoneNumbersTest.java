package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.handler.HandlerHarness.properties;
import static io.github.voiceconnectorgroup.handler.HandlerHarness.withNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Association;
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
 * The service's unpleasant habits (new groups invisible for a while, IAM propagation, the group
 * quota) and the group's phone numbers, against the stand-in, with the harness's shortened waits.
 */
class EventualConsistencyAndPhoneNumbersTest {

  /** Within the minute a new group can stay invisible. */
  private static final Duration INVISIBLE_FOR = Duration.ofSeconds(40);

  private static final String NUMBER_A = "+12065550100";
  private static final String NUMBER_B = "+12065550101";

  private static final String IN_DOUBT =
      VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX + "InDoubt-";

  private HandlerHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new HandlerHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private String create(Map<String, Object> properties) {
    Map<String, Object> response = harness.invoke(harness.createEvent(properties));
    assertThat(response)
        .as(String.valueOf(response.get("Reason")))
        .containsEntry("Status", "SUCCESS");
    return (String) response.get("PhysicalResourceId");
  }

  @Test
  void deleteRightAfterCreateWaitsUntilTheGroupIsVisibleAndDeletesIt() {
    harness.service.setPropagationDelay(INVISIBLE_FOR);
    Map<String, Object> properties = properties("RolledBack", "vc-a", "1");
    String id = create(properties);

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(id, properties));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.requestCount(Operation.GET_VOICE_CONNECTOR_GROUP)).isGreaterThan(1);
  }

  @Test
  void updateRightAfterCreateUpdatesInPlaceInsteadOfCreatingAgain() {
    harness.service.setPropagationDelay(INVISIBLE_FOR);
    Map<String, Object> old = properties("Fresh", "vc-a", "1");
    String id = create(old);

    Map<String, Object> updated =
        harness.invoke(harness.updateEvent(id, properties("Fresh", "vc-a", "2"), old));

    assertThat(updated).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.groups()).extracting(Group::id).containsExactly(id);
    assertThat(harness.service.group(id).orElseThrow().items())
        .containsExactly(new Item("vc-a", 2));
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void createAnswered5xxAfterTakingEffectAdoptsTheGroupOnceItIsListed() {
    harness.service.setPropagationDelay(INVISIBLE_FOR);
    harness.service.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 503, "ServiceUnavailableException", "late");

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Lagging", "vc-a", "1")));

    assertThat(harness.service.groups()).hasSize(1);
    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", harness.service.groups().get(0).id());
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
    // Judged once everything the create could have made is visible, with one list.
    assertThat(harness.service.requestCount(Operation.LIST_VOICE_CONNECTOR_GROUPS)).isEqualTo(1);
    assertThat(harness.service.requests())
        .filteredOn(r -> r.operation() == Operation.LIST_VOICE_CONNECTOR_GROUPS)
        .allSatisfy(
            list ->
                assertThat(list.receivedAt())
                    .isAfterOrEqualTo(
                        harness
                            .service
                            .groups()
                            .get(0)
                            .createdTimestamp()
                            .plus(HandlerHarness.CONSISTENCY.newGroupVisibility())));
  }

  @Test
  void deleteOfAGroupThatIsReallyGoneWaitsTheVisibilityWindowThenSucceeds() {
    String id = create(properties("Gone", "vc-a", "1"));
    harness.service.deleteGroupOutOfBand(id);
    Instant start = harness.clock.instant();

    Map<String, Object> response = harness.invoke(harness.deleteEvent(id, Map.of()));

    assertThat(response).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(Duration.between(start, harness.clock.instant()))
        .isEqualTo(HandlerHarness.CONSISTENCY.newGroupVisibility());
    assertThat(harness.service.requestCount(Operation.GET_VOICE_CONNECTOR_GROUP))
        .isEqualTo(
            1
                + HandlerHarness.CONSISTENCY.newGroupVisibility().toSeconds()
                    / HandlerHarness.CONSISTENCY.pollInterval().toSeconds());
    assertThat(harness.service.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isZero();
  }

  @Test
  void quotaReachedFailsSayingHowToFreeOrRaiseItWithoutRetrying() {
    harness.service.setGroupQuota(1);
    harness.service.seedGroup("Existing", List.of(new Item("vc-z", 1)));

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("OneTooMany", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("PhysicalResourceId"))
        .startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX)
        .doesNotStartWith(IN_DOUBT);
    assertThat((String) response.get("Reason"))
        .contains("ResourceLimitExceededException", "quota (3 by default) is reached")
        .contains("delete a group", "request a higher quota");
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
    assertThat(harness.service.groups()).hasSize(1);
  }

  @Test
  void accessDeniedWhileIamPropagatesIsRetried() {
    harness.service.denyAccess(Operation.CREATE_VOICE_CONNECTOR_GROUP, 2);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("NewRole", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).hasSize(1);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(3);
  }

  @Test
  void accessDeniedBeyondIamPropagationFailsNamingTheAction() {
    harness.service.denyAccess(Operation.CREATE_VOICE_CONNECTOR_GROUP, Duration.ofMinutes(1));
    Instant start = harness.clock.instant();

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("NoRight", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason"))
        .contains("AccessDeniedException", "the function's role may not call")
        .contains("chime:CreateVoiceConnectorGroup");
    // Tried every 5 s for 30 s, then given up: the IAM window, not the invocation's time.
    assertThat(Duration.between(start, harness.clock.instant()))
        .isEqualTo(HandlerHarness.CONSISTENCY.iamPropagation());
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(7);
    assertThat(harness.service.groups()).isEmpty();
  }

  @Test
  void createAssociatesTheDeclaredNumbersEvenWhileTheGroupIsInvisible() {
    harness.service.setPropagationDelay(INVISIBLE_FOR);
    harness.service.orderPhoneNumber(NUMBER_A, NUMBER_B);

    String id = create(withNumbers(properties("Numbers", "vc-a", "1"), null, NUMBER_A, NUMBER_B));

    assertThat(harness.service.phoneNumbers(id)).containsExactlyInAnyOrder(NUMBER_A, NUMBER_B);
  }

  @Test
  void updateAssociatesAddedAndDisassociatesRemovedNumbers() {
    harness.service.orderPhoneNumber(NUMBER_A, NUMBER_B);
    Map<String, Object> old = withNumbers(properties("Numbers", "vc-a", "1"), null, NUMBER_A);
    String id = create(old);
    Map<String, Object> changed = withNumbers(properties("Numbers", "vc-a", "1"), null, NUMBER_B);

    Map<String, Object> updated = harness.invoke(harness.updateEvent(id, changed, old));

    assertThat(updated).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.phoneNumbers(id)).containsExactly(NUMBER_B);
    assertThat(harness.service.association(NUMBER_A)).isEmpty();
  }

  @Test
  void omittedNumbersAreLeftAlone() {
    harness.service.orderPhoneNumber(NUMBER_A);
    Map<String, Object> old = properties("Unmanaged", "vc-a", "1");
    String id = create(old);
    harness.service.seedPhoneNumber(NUMBER_A, id);

    Map<String, Object> updated =
        harness.invoke(harness.updateEvent(id, properties("Renamed", "vc-a", "1"), old));

    assertThat(updated).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.phoneNumbers(id)).containsExactly(NUMBER_A);
    assertThat(
            harness.service.requestCount(
                Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP))
        .isZero();
  }

  @Test
  void numberTakenElsewhereFailsTheCreateWithoutForceAndTheDeleteLeavesNothing() {
    harness.service.orderPhoneNumber(NUMBER_A);
    harness.service.associateWithVoiceConnector(NUMBER_A, "vc-other");
    Map<String, Object> properties =
        withNumbers(properties("Taken", "vc-a", "1"), "false", NUMBER_A);

    Map<String, Object> created = harness.invoke(harness.createEvent(properties));

    assertThat(created).containsEntry("Status", "FAILED");
    assertThat((String) created.get("Reason"))
        .contains(NUMBER_A, "PhoneNumberAssociationsExist", "ForceAssociate true");
    String id = (String) created.get("PhysicalResourceId");
    assertThat(harness.service.group(id)).as("the FAILED answer names the group made").isPresent();

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(id, properties));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.association(NUMBER_A))
        .contains(Association.voiceConnector("vc-other"));
  }

  @Test
  void forceAssociateMovesANumberFromWhereItIs() {
    harness.service.orderPhoneNumber(NUMBER_A);
    harness.service.associateWithVoiceConnector(NUMBER_A, "vc-other");

    String id = create(withNumbers(properties("Forced", "vc-a", "1"), "true", NUMBER_A));

    assertThat(harness.service.phoneNumbers(id)).containsExactly(NUMBER_A);
    assertThat(harness.service.association(NUMBER_A)).contains(Association.voiceConnectorGroup(id));
  }

  @Test
  void unknownNumberFailsTheUpdateAndTheRollbackRestoresTheOldNumbers() {
    harness.service.orderPhoneNumber(NUMBER_A, NUMBER_B);
    Map<String, Object> old = withNumbers(properties("Rollback", "vc-a", "1"), null, NUMBER_A);
    String id = create(old);
    Map<String, Object> broken =
        withNumbers(properties("Rollback", "vc-a", "1"), null, NUMBER_B, "+19995550123");

    Map<String, Object> failed = harness.invoke(harness.updateEvent(id, broken, old));

    assertThat(failed).containsEntry("Status", "FAILED").containsEntry("PhysicalResourceId", id);
    assertThat((String) failed.get("Reason")).contains("+19995550123", "NotFound");

    Map<String, Object> rollback = harness.invoke(harness.updateEvent(id, old, broken));

    assertThat(rollback).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.phoneNumbers(id)).containsExactly(NUMBER_A);
    assertThat(harness.service.association(NUMBER_B)).isEmpty();
  }

  @Test
  void rollbackOfAnUpdateFromNoNumbersToTwoThatFailedOnTheSecondTakesTheFirstOffAgain() {
    harness.service.orderPhoneNumber(NUMBER_A);
    Map<String, Object> old = properties("Managed", "vc-a", "1");
    String id = create(old);
    Map<String, Object> broken = withNumbers(old, null, NUMBER_A, "+19995550123");

    Map<String, Object> failed = harness.invoke(harness.updateEvent(id, broken, old));

    assertThat(failed).containsEntry("Status", "FAILED");
    assertThat(harness.service.phoneNumbers(id)).containsExactly(NUMBER_A);

    Map<String, Object> rollback = harness.invoke(harness.updateEvent(id, old, broken));

    assertThat(rollback).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.phoneNumbers(id)).isEmpty();
    assertThat(harness.service.association(NUMBER_A)).isEmpty();
  }

  @Test
  void deleteTakesOffDeclaredNumbersThatTheListDoesNotShowYet() {
    harness.service.setPhoneNumberListLag(INVISIBLE_FOR);
    harness.service.orderPhoneNumber(NUMBER_A);
    Map<String, Object> properties = withNumbers(properties("Fresh", "vc-a", "1"), null, NUMBER_A);
    String id = create(properties);

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(id, properties));

    assertThat(deleted)
        .as(String.valueOf(deleted.get("Reason")))
        .containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.association(NUMBER_A)).isEmpty();
  }

  @Test
  void deleteRefusedForANumberTheListDoesNotShowYetListsAgainUntilItCanTakeItOff() {
    harness.service.setPhoneNumberListLag(Duration.ofSeconds(20));
    harness.service.orderPhoneNumber(NUMBER_B);
    Map<String, Object> properties = properties("ByHand", "vc-a", "1");
    String id = create(properties);
    // Associated by hand, not declared, just before the stack is deleted.
    harness.client.associatePhoneNumbersWithVoiceConnectorGroup(
        r -> r.voiceConnectorGroupId(id).e164PhoneNumbers(NUMBER_B));

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(id, properties));

    assertThat(deleted)
        .as(String.valueOf(deleted.get("Reason")))
        .containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP))
        .isGreaterThan(1);
    assertThat(harness.service.association(NUMBER_B)).isEmpty();
  }

  @Test
  void aNotFoundFromACallOnAGroupThatWasSeenIsCheckedBeforeItIsBelieved() {
    Map<String, Object> properties = properties("Seen", "vc-a", "1");
    String id = create(properties);
    harness.service.failNext(
        Operation.UPDATE_VOICE_CONNECTOR_GROUP, 1, 404, "NotFoundException", "not found");

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(id, properties));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    // Believed gone, the group would have been left with its items.
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.requestCount(Operation.UPDATE_VOICE_CONNECTOR_GROUP)).isEqualTo(2);
  }

  @Test
  void malformedNumberFailsBeforeAnyApiCall() {
    Map<String, Object> response =
        harness.invoke(
            harness.createEvent(
                withNumbers(properties("Malformed", "vc-a", "1"), null, "206-555-0100")));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason"))
        .isEqualTo(
            "Group: PhoneNumbers[0] '206-555-0100'; allowed: an E.164 number matching"
                + " ^\\+?[1-9]\\d{1,14}$, e.g. +12065550100");
    assertThat(harness.service.requests()).isEmpty();
  }
}

package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.handler.HandlerHarness.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VoiceConnectorGroupHandlerTest {

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

  private String createGroup(Map<String, Object> properties) {
    Map<String, Object> response = harness.invoke(harness.createEvent(properties));
    assertThat(response).containsEntry("Status", "SUCCESS");
    return (String) response.get("PhysicalResourceId");
  }

  private static Map<String, Object> withRequestType(Map<String, Object> event, String type) {
    event.put("RequestType", type);
    return event;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> response) {
    return (Map<String, Object>) response.get("Data");
  }

  @Test
  void createAnswersSuccessWithGroupIdAndArn() {
    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Primary", "vc-a", "1", "vc-b", "2")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    String id = (String) response.get("PhysicalResourceId");
    Group group = harness.service.group(id).orElseThrow();
    assertThat(group.name()).isEqualTo("Primary");
    assertThat(group.items()).containsExactly(new Item("vc-a", 1), new Item("vc-b", 2));
    assertThat(data(response))
        .containsEntry("VoiceConnectorGroupId", id)
        .containsEntry("VoiceConnectorGroupArn", harness.service.arnOf(id));
    assertThat(response)
        .containsEntry("RequestId", "request-1")
        .containsEntry("LogicalResourceId", "Group")
        .containsKey("StackId");
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void stringTypedPriorityIsAcceptedLikeNumbers() {
    String fromStrings = createGroup(properties("Strings", "vc-a", "7"));
    String fromNumbers = createGroup(properties("Numbers", "vc-a", 8));

    assertThat(harness.service.group(fromStrings).orElseThrow().items())
        .containsExactly(new Item("vc-a", 7));
    assertThat(harness.service.group(fromNumbers).orElseThrow().items())
        .containsExactly(new Item("vc-a", 8));
  }

  @Test
  void updateRenamesAndReprioritisesInPlace() {
    Map<String, Object> before = properties("Before", "vc-a", "1", "vc-b", "2");
    String id = createGroup(before);

    Map<String, Object> response =
        harness.invoke(
            harness.updateEvent(id, properties("After", "vc-a", "3", "vc-b", "1"), before));

    assertThat(response).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(data(response)).containsEntry("VoiceConnectorGroupId", id);
    Group group = harness.service.group(id).orElseThrow();
    assertThat(group.name()).isEqualTo("After");
    assertThat(group.items()).containsExactly(new Item("vc-a", 3), new Item("vc-b", 1));
    assertThat(harness.service.groups()).hasSize(1);
  }

  @Test
  void noOpUpdateKeepsIdAndState() {
    Map<String, Object> same = properties("Same", "vc-a", "1");
    String id = createGroup(same);

    Map<String, Object> response = harness.invoke(harness.updateEvent(id, same, same));

    assertThat(response).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.groups())
        .singleElement()
        .satisfies(
            group -> {
              assertThat(group.name()).isEqualTo("Same");
              assertThat(group.items()).containsExactly(new Item("vc-a", 1));
            });
  }

  @Test
  void deleteRemovesItemsAndPhoneNumbersThenTheGroup() {
    String id = createGroup(properties("Full", "vc-a", "1", "vc-b", "2"));
    harness.service.seedPhoneNumber("+12065550100", id);
    harness.service.seedPhoneNumber("+12065550101", id);
    harness.service.seedPhoneNumber("+12065550199", null);

    Map<String, Object> response =
        harness.invoke(harness.deleteEvent(id, properties("Full", "vc-a", "1", "vc-b", "2")));

    assertThat(response).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.groups()).isEmpty();
    assertThat(harness.service.phoneNumbers(id)).isEmpty();
    assertThat(
            harness.service.requestCount(
                Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP))
        .isEqualTo(1);
  }

  @Test
  void deleteOfMissingGroupSucceedsWithSameId() {
    String id = createGroup(properties("Gone", "vc-a", "1"));
    harness.service.deleteGroupOutOfBand(id);

    Map<String, Object> response = harness.invoke(harness.deleteEvent(id, Map.of()));

    assertThat(response).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isZero();
  }

  @Test
  void failedCreateAnswersMarkerIdAndItsDeleteMakesNoApiCall() {
    harness.service.registerVoiceConnectors("vc-known");

    Map<String, Object> created =
        harness.invoke(harness.createEvent(properties("Bad", "vc-unknown", "1")));

    assertThat(created).containsEntry("Status", "FAILED");
    String marker = (String) created.get("PhysicalResourceId");
    assertThat(marker).startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX);
    assertThat(marker.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat((String) created.get("Reason"))
        .contains("CreateVoiceConnectorGroup", "NotFoundException", "vc-unknown");
    assertThat(harness.service.groups()).isEmpty();

    harness.service.clearRequests();
    Map<String, Object> deleted =
        harness.invoke(harness.deleteEvent(marker, properties("Bad", "vc-unknown", "1")));

    assertThat(deleted)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(harness.service.requests()).isEmpty();
  }

  @Test
  void rollbackOfFailedUpdateRestoresOldState() {
    harness.service.registerVoiceConnectors("vc-a", "vc-b");
    Map<String, Object> old = properties("Old", "vc-a", "1");
    String id = createGroup(old);
    Map<String, Object> broken = properties("New", "vc-a", "1", "vc-missing", "2");

    Map<String, Object> failed = harness.invoke(harness.updateEvent(id, broken, old));

    assertThat(failed).containsEntry("Status", "FAILED").containsEntry("PhysicalResourceId", id);
    assertThat((String) failed.get("Reason")).contains("NotFoundException", "vc-missing");
    assertThat(harness.service.groups()).hasSize(1);

    Map<String, Object> rollback = harness.invoke(harness.updateEvent(id, old, broken));

    assertThat(rollback).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", id);
    Group group = harness.service.group(id).orElseThrow();
    assertThat(group.name()).isEqualTo("Old");
    assertThat(group.items()).containsExactly(new Item("vc-a", 1));
  }

  @Test
  void groupDeletedOutOfBandBeforeUpdateIsCreatedAgainAndOldIdDeletes() {
    Map<String, Object> old = properties("Drifted", "vc-a", "1");
    String oldId = createGroup(old);
    harness.service.deleteGroupOutOfBand(oldId);

    Map<String, Object> updated =
        harness.invoke(harness.updateEvent(oldId, properties("Drifted", "vc-a", "2"), old));

    assertThat(updated).containsEntry("Status", "SUCCESS");
    String newId = (String) updated.get("PhysicalResourceId");
    assertThat(newId).isNotEqualTo(oldId);
    assertThat(harness.service.group(newId).orElseThrow().items())
        .containsExactly(new Item("vc-a", 2));
    assertThat(data(updated)).containsEntry("VoiceConnectorGroupId", newId);

    Map<String, Object> cleanup = harness.invoke(harness.deleteEvent(oldId, old));

    assertThat(cleanup)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", oldId);
    assertThat(harness.service.groups()).extracting(Group::id).containsExactly(newId);
  }

  @Test
  void updateNamingUnknownVoiceConnectorFailsWithoutRecreating() {
    harness.service.registerVoiceConnectors("vc-a");
    Map<String, Object> old = properties("Kept", "vc-a", "1");
    String id = createGroup(old);

    Map<String, Object> response =
        harness.invoke(harness.updateEvent(id, properties("Kept", "vc-zzz", "1"), old));

    assertThat(response).containsEntry("Status", "FAILED").containsEntry("PhysicalResourceId", id);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
    assertThat(harness.service.groups()).hasSize(1);
  }

  @Test
  void throttlingThenSuccessCreatesOneGroup() {
    harness.service.throttle(Operation.CREATE_VOICE_CONNECTOR_GROUP, 2);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Throttled", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(3);
    assertThat(harness.service.groups()).hasSize(1);
  }

  @Test
  void conflictIsRetried() {
    harness.service.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 409, "ConflictException", "in progress");

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Conflicted", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).hasSize(1);
    // Created again only after a look-up, once a group the first create made would be listed.
    assertThat(harness.service.requests())
        .extracting(ChimeSdkVoiceStandIn.Request::operation)
        .containsExactly(
            Operation.CREATE_VOICE_CONNECTOR_GROUP,
            Operation.LIST_VOICE_CONNECTOR_GROUPS,
            Operation.CREATE_VOICE_CONNECTOR_GROUP);
    assertThat(harness.service.requests().get(1).receivedAt())
        .isAfterOrEqualTo(
            harness
                .service
                .requests()
                .get(0)
                .receivedAt()
                .plus(HandlerHarness.CONSISTENCY.newGroupVisibility()));
  }

  @Test
  void validationErrorFromServiceIsNotRetried() {
    harness.service.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 400, "BadRequestException", "refused");

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Refused", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason")).contains("BadRequestException: refused");
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void createsAnsweredServiceFailureAreTriedAsOftenAsTheTimeoutAllowsThenFailDefinitely() {
    harness.service.failAlways(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 500, "ServiceFailureException", "broken");
    java.time.Instant start = harness.clock.instant();

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Failing", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("PhysicalResourceId"))
        .startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX)
        .doesNotStartWith(IN_DOUBT);
    assertThat((String) response.get("Reason"))
        .contains("CreateVoiceConnectorGroup", "ServiceFailure")
        .contains("it made no group, and no time is left to try again");
    // Each create is judged a minute later; a 3-minute timeout leaves time for two.
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(2);
    assertThat(harness.service.requestCount(Operation.LIST_VOICE_CONNECTOR_GROUPS)).isEqualTo(2);
    assertThat(java.time.Duration.between(start, harness.clock.instant()))
        .isLessThan(HandlerHarness.TIMEOUT);
    assertThat(harness.service.groups()).isEmpty();
  }

  @Test
  void serviceHangingPastDeadlineAnswersFailedBeforeItAndCreatesNothing() throws Exception {
    harness.close();
    harness = HandlerHarness.realTime();
    harness.service.hangUntilClosed(Operation.CREATE_VOICE_CONNECTOR_GROUP);
    Duration remaining = Duration.ofSeconds(2);
    long start = System.nanoTime();

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Hanging", "vc-a", "1")), remaining);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(remaining);
    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason")).contains("CreateVoiceConnectorGroup");
    assertThat((String) response.get("PhysicalResourceId")).startsWith(IN_DOUBT);
    Thread.sleep(300); // nothing may follow the answer
    assertThat(harness.responseUrl.requests()).hasSize(1);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
    assertThat(harness.service.groups()).isEmpty();
  }

  @Test
  void createWhoseAnswerIsLostAdoptsTheGroupTheServiceMade() {
    harness.service.dropAnswerOfNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Unanswered", "vc-a", "1")));

    assertThat(harness.service.groups()).hasSize(1);
    String made = harness.service.groups().get(0).id();
    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", made)
        .containsEntry(
            "Data",
            Map.of(
                "VoiceConnectorGroupId",
                made,
                "VoiceConnectorGroupArn",
                harness.service.arnOf(made)));
    assertThat(harness.service.requestCount(Operation.LIST_VOICE_CONNECTOR_GROUPS)).isEqualTo(1);
  }

  @Test
  void createAnswered5xxAfterTakingEffectMakesOneGroup() {
    harness.service.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 503, "ServiceUnavailableException", "late");

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Committed", "vc-a", "1")));

    assertThat(harness.service.groups()).hasSize(1);
    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", harness.service.groups().get(0).id());
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void create5xxWithoutEffectIsTriedAgainAfterALookUp() {
    harness.service.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 500, "ServiceFailureException", "transient");

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Retried", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).hasSize(1);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(2);
    // Looked for the group once one made by the failed create would have been visible.
    assertThat(harness.service.requestCount(Operation.LIST_VOICE_CONNECTOR_GROUPS)).isEqualTo(1);
  }

  @Test
  void deleteAfterACreateInDoubtWhoseLookUpFailsAnswersFailedAndARetriedDeleteRemovesTheGroup() {
    harness.loseTheCreatesAnswerAndTheLookUp();
    Map<String, Object> properties = properties("Unknown", "vc-a", "1");
    String marker =
        (String) harness.invoke(harness.createEvent(properties)).get("PhysicalResourceId");
    assertThat(marker).startsWith(IN_DOUBT);
    assertThat(harness.service.groups()).hasSize(1);

    Map<String, Object> refused = harness.invoke(harness.deleteEvent(marker, properties));

    assertThat(refused)
        .containsEntry("Status", "FAILED")
        .containsEntry("PhysicalResourceId", marker);
    assertThat((String) refused.get("Reason"))
        .contains("AccessDenied", "chime:ListVoiceConnectorGroups");
    assertThat(harness.service.groups()).hasSize(1);

    harness.service.clearFaults();
    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(marker, properties));

    assertThat(deleted)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    assertThat(harness.service.groups()).isEmpty();
  }

  @Test
  void createInDoubtPastTheDeadlineIsRemovedByTheDeleteThatFollows() throws Exception {
    harness.close();
    harness = HandlerHarness.realTime();
    harness.service.hangNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, Duration.ofMillis(2500));
    Map<String, Object> properties = properties("Late", "vc-a", "1");
    String othersGroup = harness.service.seedGroup("Late", List.of(new Item("vc-b", 1)));

    Map<String, Object> created =
        harness.invoke(harness.createEvent(properties), Duration.ofSeconds(2));

    assertThat(created).containsEntry("Status", "FAILED");
    String marker = (String) created.get("PhysicalResourceId");
    assertThat(marker).startsWith(IN_DOUBT);
    assertThat((String) created.get("Reason")).contains("CreateVoiceConnectorGroup failed");
    long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (harness.service.groups().size() < 2 && System.nanoTime() < waitUntil) {
      Thread.sleep(50); // the service finishes the held create after the answer
    }
    assertThat(harness.service.groups()).hasSize(2);

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(marker, properties));

    assertThat(deleted)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", marker);
    // Only the group with this create's name and items goes.
    assertThat(harness.service.groups()).extracting(Group::id).containsExactly(othersGroup);
  }

  @Test
  void responseUrlFailingOnceGetsASecondPut() {
    harness.responseUrl.failNext(1);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Retried", "vc-a", "1")));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.responseUrl.requests())
        .extracting(RecordedRequest::answeredStatus)
        .containsExactly(500, 200);
    assertThat(harness.responseUrl.requests().get(0).body())
        .isEqualTo(harness.responseUrl.requests().get(1).body());
  }

  @Test
  void responsePutHasEmptyContentTypeAndExactContentLength() {
    harness.invoke(harness.createEvent(properties("Headers", "vc-a", "1")));

    RecordedRequest put = harness.responseUrl.accepted().get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.header("Content-Type")).isEmpty();
    assertThat(put.header("Content-Length")).isEqualTo(Integer.toString(put.body().length));
    assertThat(put.query()).contains(harness.responseUrl.signature());
  }

  @Test
  void unknownRequestTypeAnswersFailed() {
    Map<String, Object> response =
        harness.invoke(
            withRequestType(
                harness.deleteEvent("some-id", properties("X", "vc-a", "1")), "Replace"));

    assertThat(response)
        .containsEntry("Status", "FAILED")
        .containsEntry("PhysicalResourceId", "some-id");
    assertThat((String) response.get("Reason")).contains("'Replace'", "Create, Update, Delete");
    assertThat(harness.service.requests()).isEmpty();
  }

  @Test
  void fiveKilobyteErrorMessageKeepsBodyWithin4096Bytes() {
    String message = "x\"\\é".repeat(1300); // escapes and multi-byte characters
    harness.service.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 400, "BadRequestException", message);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(properties("Long", "vc-a", "1")));

    RecordedRequest put = harness.responseUrl.accepted().get(0);
    assertThat(put.body().length).isLessThanOrEqualTo(4096).isGreaterThan(3900);
    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason"))
        .startsWith("CreateVoiceConnectorGroup failed: BadRequestException: x\"\\é")
        .endsWith(" [truncated]");
    assertThat((String) response.get("PhysicalResourceId"))
        .startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX);
  }

  @Test
  void malformedEventWithResponseUrlAnswersFailed() {
    Map<String, Object> event = harness.createEvent(properties("X", "vc-a", "1"));
    event.put("ResourceProperties", "not an object");

    Map<String, Object> response = harness.invoke(event);

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason")).contains("Group: Name null; allowed:");
  }

  @Test
  void eventThatIsNotJsonIsLoggedAndHandlerReturns() {
    harness.invokeRaw("{not json".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));

    assertThat(harness.responseUrl.requests()).isEmpty();
    assertThat(harness.allLogs()).contains("malformed event");
  }

  private static Map<String, Object> withExtra(
      Map<String, Object> properties, String key, Object value) {
    properties.put(key, value);
    return properties;
  }

  static List<Object[]> invalidProperties() {
    return List.of(
        new Object[] {properties("", "vc-a", "1"), "Group: Name ''; allowed: 1 to 256"},
        new Object[] {properties("bad/name", "vc-a", "1"), "Group: Name 'bad/name'; allowed:"},
        new Object[] {properties("n".repeat(257), "vc-a", "1"), "(257 characters); allowed:"},
        new Object[] {
          properties("Four", "a", "1", "b", "1", "c", "1", "d", "1"),
          "Group: VoiceConnectorItems of 4 items; allowed: 1 to 3 items (the service's limit"
        },
        new Object[] {
          properties("None"), "Group: VoiceConnectorItems of 0 items; allowed: 1 to 3 items (a"
        },
        new Object[] {properties("P", "vc-a", "0"), "Group: VoiceConnectorItems[0].Priority 0;"},
        new Object[] {
          withExtra(properties("P", "vc-a", "1"), "PhoneNumber", "+12065550100"),
          "Group: PhoneNumber '+12065550100'; allowed: a property of Name, VoiceConnectorItems,"
              + " PhoneNumbers, ForceAssociate"
        },
        new Object[] {properties("P", "vc-a", "100"), "VoiceConnectorItems[0].Priority 100;"},
        new Object[] {
          properties("P", "vc-a", "high"),
          "Group: VoiceConnectorItems[0].Priority 'high'; allowed: an integer from 1"
        },
        new Object[] {
          properties("P", "  ", "1"), "Group: VoiceConnectorItems[0].VoiceConnectorId '  ';"
        },
        new Object[] {
          properties("P", "vc-a", "1", "vc-a", "2"),
          "VoiceConnectorItems[1].VoiceConnectorId 'vc-a'; allowed: each voice connector once"
        },
        // Exact decimal integers only, as CloudFormation writes a number.
        new Object[] {
          properties("P", "vc-a", " 1"),
          "Group: VoiceConnectorItems[0].Priority ' 1'; allowed: an integer from 1 (highest) to 99"
        },
        new Object[] {properties("P", "vc-a", "01e0"), "VoiceConnectorItems[0].Priority '01e0';"},
        new Object[] {properties("P", "vc-a", "1.0"), "VoiceConnectorItems[0].Priority '1.0';"},
        new Object[] {properties("P", "vc-a", "01"), "VoiceConnectorItems[0].Priority '01';"},
        new Object[] {properties("P", "vc-a", "+1"), "VoiceConnectorItems[0].Priority '+1';"},
        new Object[] {
          HandlerHarness.withNumbers(
              properties("P", "vc-a", "1"), null, "+12065550100", "12065550100"),
          "Group: PhoneNumbers[1] '12065550100'; allowed: each phone number once (+12065550100 and"
              + " 12065550100 are one number)"
        });
  }

  @ParameterizedTest
  @MethodSource("invalidProperties")
  void invalidPropertiesFailBeforeAnyApiCallNamingFieldValueAndRule(
      Map<String, Object> properties, String expectedReason) {
    Map<String, Object> response = harness.invoke(harness.createEvent(properties));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason")).contains(expectedReason).contains("allowed");
    assertThat(harness.service.requests()).isEmpty();
  }

  @Test
  void secondDeliveryOfACreateGetsTheSameAnswerAndMakesNoSecondGroup() {
    Map<String, Object> event = harness.createEvent(properties("Twice", "vc-a", "1"));

    Map<String, Object> first = harness.invoke(event);
    Map<String, Object> second = harness.invoke(event);

    assertThat(first).containsEntry("Status", "SUCCESS");
    assertThat(second).isEqualTo(first);
    assertThat(harness.service.groups()).hasSize(1);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(1);
  }

  @Test
  void logsNameWhatHappenedButNeverTheUrlQueryOrCredentials() {
    String id = createGroup(properties("Logged", "vc-a", "1"));
    harness.responseUrl.failNext(1);
    harness.invoke(harness.deleteEvent(id, Map.of()));

    String logs = harness.allLogs();
    assertThat(logs)
        .contains("RequestType=Create", "LogicalResourceId=Group", id)
        .contains(harness.responseUrl.urlWithoutQuery())
        .doesNotContain(harness.responseUrl.signature())
        .doesNotContain("X-Amz-Credential")
        .doesNotContain(HandlerHarness.SECRET_KEY)
        .doesNotContain(HandlerHarness.ACCESS_KEY);
  }

  @Test
  void clientThatCouldNotBeBuiltAnswersFailed() {
    java.util.function.Supplier<software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient>
        unavailable =
            VoiceConnectorGroupHandler.buildClient(
                () -> {
                  throw new IllegalStateException("AWS_REGION is not set");
                });

    CustomResourceFailure failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            CustomResourceFailure.class, unavailable::get);

    assertThat(failure.getMessage())
        .isEqualTo("the Chime SDK Voice client could not be built: AWS_REGION is not set");
  }
}

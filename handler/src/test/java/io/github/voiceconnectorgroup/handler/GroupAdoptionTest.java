package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.handler.HandlerHarness.properties;
import static io.github.voiceconnectorgroup.handler.HandlerHarness.withNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/**
 * Adoption of a group made outside the stack (console, CLI, Terraform), at the production waits.
 */
class GroupAdoptionTest {

  private static final String NUMBER_A = "+12065550100";
  private static final String NUMBER_B = "+12065550101";
  private static final String NUMBER_C = "+12065550102";

  private HandlerHarness harness;
  private String existing;

  @BeforeEach
  void start() throws Exception {
    harness = new HandlerHarness();
    existing = harness.service.seedGroup("Console", List.of(new Item("vc-z", 7)));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static Map<String, Object> adopting(String groupId, Map<String, Object> properties) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    copy.put(VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID, groupId);
    return copy;
  }

  @Test
  void createAdoptsTheGroupMakingItWhatTheStackDeclaresWithoutUsingAQuotaSlot() {
    harness.service.setGroupQuota(1);

    Map<String, Object> response =
        harness.invoke(harness.createEvent(adopting(existing, properties("Managed", "vc-a", "1"))));

    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", existing)
        .containsEntry(
            "Data",
            Map.of(
                "VoiceConnectorGroupId",
                existing,
                "VoiceConnectorGroupArn",
                harness.service.arnOf(existing)));
    Group group = harness.service.group(existing).orElseThrow();
    assertThat(group.name()).isEqualTo("Managed");
    assertThat(group.items()).containsExactly(new Item("vc-a", 1));
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isZero();
  }

  @Test
  void adoptionWithNumbersMakesTheGroupsNumbersExactlyTheDeclaredOnes() {
    harness.service.orderPhoneNumber(NUMBER_A, NUMBER_B, NUMBER_C);
    harness.service.seedPhoneNumber(NUMBER_A, existing);
    harness.service.seedPhoneNumber(NUMBER_B, existing);

    Map<String, Object> response =
        harness.invoke(
            harness.createEvent(
                adopting(
                    existing,
                    withNumbers(properties("Managed", "vc-a", "1"), null, NUMBER_A, NUMBER_C))));

    assertThat(response).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.phoneNumbers(existing))
        .containsExactlyInAnyOrder(NUMBER_A, NUMBER_C);
    assertThat(harness.service.association(NUMBER_B)).isEmpty();
  }

  @Test
  void adoptionWithoutNumbersLeavesTheGroupsNumbersAlone() {
    harness.service.orderPhoneNumber(NUMBER_A);
    harness.service.seedPhoneNumber(NUMBER_A, existing);

    harness.invoke(harness.createEvent(adopting(existing, properties("Managed", "vc-a", "1"))));

    assertThat(harness.service.phoneNumbers(existing)).containsExactly(NUMBER_A);
  }

  @Test
  void adoptingAGroupThatDoesNotExistFailsNamingTheIdAndTheDeleteMakesNoCall() {
    Instant start = harness.clock.instant();

    Map<String, Object> response =
        harness.invoke(
            harness.createEvent(adopting("nosuchgroup0000000000", properties("M", "vc-a", "1"))));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason"))
        .startsWith(
            "AdoptVoiceConnectorGroupId 'nosuchgroup0000000000': no voice connector group with"
                + " this id is visible");
    // A group made a moment ago may not be visible yet: believed missing after the window.
    assertThat(Duration.between(start, harness.clock.instant()))
        .isEqualTo(HandlerHarness.CONSISTENCY.newGroupVisibility());
    String marker = (String) response.get("PhysicalResourceId");
    assertThat(marker).startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX);
    harness.service.clearRequests();

    Map<String, Object> deleted =
        harness.invoke(
            harness.deleteEvent(
                marker, adopting("nosuchgroup0000000000", properties("M", "vc-a", "1"))));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.requests()).isEmpty();
    assertThat(harness.service.group(existing)).isPresent();
  }

  @Test
  void aGroupMadeAMomentAgoIsAdoptedOnceItIsVisible() {
    harness.service.setGetLag(Duration.ofSeconds(40));
    String fresh =
        harness
            .client
            .createVoiceConnectorGroup(
                r ->
                    r.name("JustMade")
                        .voiceConnectorItems(
                            VoiceConnectorItem.builder()
                                .voiceConnectorId("vc-b")
                                .priority(1)
                                .build()))
            .voiceConnectorGroup()
            .voiceConnectorGroupId();

    Map<String, Object> response =
        harness.invoke(harness.createEvent(adopting(fresh, properties("Managed", "vc-a", "1"))));

    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", fresh);
    assertThat(harness.service.group(fresh).orElseThrow().name()).isEqualTo("Managed");
  }

  @Test
  void anUpdateAfterAdoptionUpdatesTheGroupInPlace() {
    Map<String, Object> adopted = adopting(existing, properties("Managed", "vc-a", "1"));
    harness.invoke(harness.createEvent(adopted));
    Map<String, Object> changed = adopting(existing, properties("Renamed", "vc-a", "2"));

    Map<String, Object> response = harness.invoke(harness.updateEvent(existing, changed, adopted));

    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", existing);
    assertThat(harness.service.group(existing).orElseThrow().items())
        .containsExactly(new Item("vc-a", 2));
    assertThat(harness.service.groups()).hasSize(1);
  }

  @Test
  void anotherAdoptedIdIsAReplacementAndTheOldGroupGoesByTheDeleteThatFollows() {
    Map<String, Object> adopted = adopting(existing, properties("Managed", "vc-a", "1"));
    harness.invoke(harness.createEvent(adopted));
    String second = harness.service.seedGroup("Terraform", List.of(new Item("vc-y", 1)));
    Map<String, Object> replaced = adopting(second, properties("Managed", "vc-a", "1"));

    Map<String, Object> response = harness.invoke(harness.updateEvent(existing, replaced, adopted));

    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", second);
    assertThat(harness.service.group(second).orElseThrow().name()).isEqualTo("Managed");
    assertThat(harness.service.group(existing)).isPresent();

    // With RemovalPolicy DESTROY, CloudFormation then deletes the old id.
    Map<String, Object> cleanup = harness.invoke(harness.deleteEvent(existing, adopted));

    assertThat(cleanup).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).extracting(Group::id).containsExactly(second);
  }

  @Test
  void removingTheAdoptedIdKeepsManagingTheSameGroup() {
    Map<String, Object> adopted = adopting(existing, properties("Managed", "vc-a", "1"));
    harness.invoke(harness.createEvent(adopted));

    Map<String, Object> response =
        harness.invoke(harness.updateEvent(existing, properties("Managed", "vc-a", "3"), adopted));

    assertThat(response)
        .containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", existing);
    assertThat(harness.service.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isZero();
  }

  @Test
  void aFailedAdoptionSetsTheGroupBackToItsNameItemsAndNumbers() {
    harness.service.orderPhoneNumber(NUMBER_A, NUMBER_B);
    harness.service.seedPhoneNumber(NUMBER_A, existing);
    Map<String, Object> declared =
        adopting(
            existing,
            withNumbers(properties("Managed", "vc-a", "1"), null, NUMBER_B, "+19995550123"));

    Map<String, Object> response = harness.invoke(harness.createEvent(declared));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason"))
        .contains("+19995550123", "was set back to what it was before the adoption");
    assertThat((String) response.get("PhysicalResourceId"))
        .startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX);
    Group group = harness.service.group(existing).orElseThrow();
    assertThat(group.name()).isEqualTo("Console");
    assertThat(group.items()).containsExactly(new Item("vc-z", 7));
    assertThat(harness.service.phoneNumbers(existing)).containsExactly(NUMBER_A);
    assertThat(harness.service.association(NUMBER_B)).isEmpty();
  }

  @Test
  void anAdoptionTheRulesRefuseFailsBeforeAnyCall() {
    Map<String, Object> response =
        harness.invoke(harness.createEvent(adopting(existing, properties("Managed", "vc-a", "0"))));

    assertThat(response).containsEntry("Status", "FAILED");
    assertThat((String) response.get("Reason")).contains("VoiceConnectorItems[0].Priority 0");
    assertThat(harness.service.requests()).isEmpty();

    Map<String, Object> blank =
        harness.invoke(harness.createEvent(adopting(" ", properties("Managed", "vc-a", "1"))));

    assertThat((String) blank.get("Reason"))
        .isEqualTo(
            "Group: AdoptVoiceConnectorGroupId ' '; allowed: the id of an existing voice connector"
                + " group, e.g. obmgetfdqcrknrlxfld2s (not blank, no spaces)");
    assertThat(harness.service.requests()).isEmpty();
  }

  @Test
  void deletingAnAdoptedGroupDeletesIt() {
    Map<String, Object> adopted = adopting(existing, properties("Managed", "vc-a", "1"));
    harness.invoke(harness.createEvent(adopted));

    Map<String, Object> deleted = harness.invoke(harness.deleteEvent(existing, adopted));

    assertThat(deleted).containsEntry("Status", "SUCCESS");
    assertThat(harness.service.groups()).isEmpty();
  }
}

package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.oneItem;
import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@SuppressWarnings("unchecked")
class VoiceConnectorGroupAdoptionTest {

  private static final String EXISTING = "obmgetfdqcrknrlxfld2s";

  private static VoiceConnectorGroup adopting(Stack stack, String id, String groupId) {
    return VoiceConnectorGroup.Builder.create(stack, id)
        .voiceConnectorItems(oneItem())
        .adoptVoiceConnectorGroupId(groupId)
        .build();
  }

  @Test
  void theAdoptedIdReachesTheHandlerAndTheGroupIsKeptByDefault() {
    Stack stack = stack();
    adopting(stack, "Group", EXISTING);

    Map.Entry<String, Map<String, Object>> resource =
        TestStacks.onlyResource(
            Template.fromStack(stack), VoiceConnectorGroupContract.RESOURCE_TYPE);

    assertThat(resource.getValue())
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
    assertThat((Map<String, Object>) resource.getValue().get("Properties"))
        .containsEntry(VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID, EXISTING);
    assertThat(Annotations.fromStack(stack).findWarning("*", Match.anyValue())).isEmpty();
  }

  @Test
  void aGroupTheStackCreatesCarriesNoAdoptedIdAndIsDestroyedByDefault() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Map.Entry<String, Map<String, Object>> resource =
        TestStacks.onlyResource(
            Template.fromStack(stack), VoiceConnectorGroupContract.RESOURCE_TYPE);

    assertThat(resource.getValue()).containsEntry("DeletionPolicy", "Delete");
    assertThat((Map<String, Object>) resource.getValue().get("Properties"))
        .doesNotContainKey(VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID);
  }

  @Test
  void adoptingWithDestroyWarnsThatARollbackOfTheStacksCreationDeletesTheGroup() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(oneItem())
        .adoptVoiceConnectorGroupId(EXISTING)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();

    assertThat(
            Annotations.fromStack(stack)
                .findWarning(
                    "/TestStack/Group",
                    Match.stringLikeRegexp(
                        ".*removalPolicy DESTROY: the group existed before the stack, and a rollback"
                            + " of the stack's creation or a delete of the stack deletes it.*"
                            + VoiceConnectorGroup.ADOPTED_DELETABLE_WARNING
                            + ".*")))
        .hasSize(1);
  }

  @Test
  void oneAppAdoptingTheSameIdTwiceWarnsNamingTheOtherConstruct() {
    App app = new App();
    Stack first = TestStacks.stackIn(app, TestStacks.REGION);
    Stack second =
        new Stack(
            app,
            "Second",
            StackProps.builder()
                .env(
                    Environment.builder()
                        .account(TestStacks.ACCOUNT)
                        .region(TestStacks.REGION)
                        .build())
                .build());
    adopting(first, "Group", EXISTING);
    adopting(second, "Again", EXISTING);
    adopting(second, "Other", "anothergroup000000000");

    assertThat(
            Annotations.fromStack(second)
                .findWarning(
                    "/Second/Again",
                    Match.stringLikeRegexp(
                        ".*group " + EXISTING + " is adopted by TestStack/Group too.*")))
        .hasSize(1);
    assertThat(Annotations.fromStack(second).findWarning("/Second/Other", Match.anyValue()))
        .isEmpty();
  }

  @Test
  void aBlankAdoptedIdIsRefusedAtSynthNamingTheField() {
    assertThatThrownBy(() -> adopting(stack(), "Group", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Group: adoptVoiceConnectorGroupId ' '; allowed: "
                + VoiceConnectorGroupRules.ALLOWED_ADOPTED_GROUP_ID);
  }

  @Test
  void aTokenIdIsPassedOnUnchecked() {
    Stack stack = stack();
    String token = Token.asString(Map.of("Ref", "GroupIdParameter"));
    adopting(stack, "Group", token);

    assertThat(
            (Map<String, Object>)
                TestStacks.onlyResource(
                        Template.fromStack(stack), VoiceConnectorGroupContract.RESOURCE_TYPE)
                    .getValue()
                    .get("Properties"))
        .containsEntry(
            VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID,
            Map.of("Ref", "GroupIdParameter"));
  }

  @Test
  void adoptedGroupsDoNotCountTowardsTheQuotaWarning() {
    Stack stack = stack();
    for (int i = 1; i <= VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA; i++) {
      VoiceConnectorGroup.Builder.create(stack, "G" + i).voiceConnectorItems(oneItem()).build();
    }
    adopting(stack, "Adopted", EXISTING);

    assertThat(Annotations.fromStack(stack).findWarning("*", Match.anyValue())).isEmpty();
  }
}

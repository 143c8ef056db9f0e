package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.oneItem;
import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Template;

class VoiceConnectorGroupValidationTest {

  private static final String PATH = "TestStack/Group";

  private static void assertRejected(VoiceConnectorGroup.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static VoiceConnectorGroup.Builder group(Stack stack) {
    return VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem());
  }

  @Test
  void emptyNameIsRejected() {
    assertRejected(group(stack()).name(""), PATH + ": name '' has 0 characters; allowed: 1 to 256");
  }

  @Test
  void nameLongerThan256IsRejected() {
    String name = "n".repeat(257);
    assertRejected(
        group(stack()).name(name),
        PATH + ": name '" + "n".repeat(61) + "...' has 257 characters; allowed: 1 to 256");
  }

  @Test
  void nameOf256IsAccepted() {
    group(stack()).name("n".repeat(256)).build();
  }

  @Test
  void nameWithForbiddenCharactersIsRejected() {
    assertRejected(
        group(stack()).name("Sales/EU"),
        PATH
            + ": name 'Sales/EU' has characters outside [a-zA-Z0-9 _.-]; allowed: letters, digits,"
            + " space, '_', '.' and '-'");
  }

  @Test
  void noItemsIsRejected() {
    assertRejected(
        group(stack()).voiceConnectorItems(List.of()),
        PATH
            + ": voiceConnectorItems has 0 items; allowed: 1 to 3 (IAM scopes group creation to"
            + " the voice connectors it names)");
  }

  @Test
  void missingItemsAreRejected() {
    assertThatThrownBy(
            () ->
                new VoiceConnectorGroup(
                    stack(), "Group", VoiceConnectorGroupProps.builder().name("n").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(PATH + ": voiceConnectorItems has 0 items; allowed: 1 to 3");
  }

  @Test
  void fourItemsAreRejected() {
    assertRejected(
        group(stack())
            .voiceConnectorItems(
                List.of(
                    VoiceConnectorItem.of("a", 1),
                    VoiceConnectorItem.of("b", 2),
                    VoiceConnectorItem.of("c", 3),
                    VoiceConnectorItem.of("d", 4))),
        PATH
            + ": voiceConnectorItems has 4 items; allowed: 1 to 3 (IAM scopes group creation to"
            + " the voice connectors it names)");
  }

  @Test
  void nullItemIsRejected() {
    List<VoiceConnectorItem> items = new java.util.ArrayList<>();
    items.add(VoiceConnectorItem.of("a", 1));
    items.add(null);
    assertRejected(
        group(stack()).voiceConnectorItems(items),
        PATH + ": voiceConnectorItems[1] null; allowed: a VoiceConnectorItem");
  }

  @Test
  void priorityZeroIsRejected() {
    assertRejected(
        group(stack()).voiceConnectorItems(List.of(VoiceConnectorItem.of("a", 0))),
        PATH + ": voiceConnectorItems[0].priority 0 is out of range; allowed: 1 (highest) to 99");
  }

  @Test
  void priorityHundredIsRejected() {
    assertRejected(
        group(stack())
            .voiceConnectorItems(
                List.of(VoiceConnectorItem.of("a", 99), VoiceConnectorItem.of("b", 100))),
        PATH
            + ": voiceConnectorItems[1].priority 100 is out of range; allowed: 1 (highest) to"
            + " 99");
  }

  @Test
  void blankVoiceConnectorIdIsRejected() {
    assertRejected(
        group(stack()).voiceConnectorItems(List.of(VoiceConnectorItem.of("  ", 1))),
        PATH
            + ": voiceConnectorItems[0].voiceConnectorId '  ' is blank; allowed: a voice"
            + " connector id");
  }

  @Test
  void duplicateVoiceConnectorIdIsRejected() {
    assertRejected(
        group(stack())
            .voiceConnectorItems(
                List.of(VoiceConnectorItem.of("a", 1), VoiceConnectorItem.of("a", 2))),
        PATH
            + ": voiceConnectorItems[1].voiceConnectorId 'a' appears more than once; allowed:"
            + " each voice connector once per group");
  }

  @Test
  void unsupportedRegionIsRejected() {
    assertRejected(
        group(TestStacks.stackIn("eu-north-1")),
        PATH
            + ": stack region eu-north-1 has no Amazon Chime SDK Voice endpoint; allowed:"
            + " us-east-1, us-west-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2,"
            + " ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2");
  }

  @Test
  void serviceTimeoutBelowTenMinutesIsRejected() {
    assertRejected(
        group(stack()).serviceTimeout(Duration.minutes(9)),
        PATH
            + ": serviceTimeout 9 minutes is out of range; allowed: 10 minutes (the handler's"
            + " queueing and run time) to 60 minutes");
  }

  @Test
  void serviceTimeoutAboveAnHourIsRejected() {
    assertRejected(
        group(stack()).serviceTimeout(Duration.seconds(3601)),
        PATH
            + ": serviceTimeout 1 hour 1 second is out of range; allowed: 10 minutes (the"
            + " handler's queueing and run time) to 60 minutes");
  }

  @Test
  void snapshotRemovalPolicyIsRejected() {
    assertRejected(
        group(stack()).removalPolicy(RemovalPolicy.SNAPSHOT),
        PATH
            + ": removalPolicy SNAPSHOT is not supported by custom resources; allowed: DESTROY,"
            + " RETAIN, RETAIN_ON_UPDATE_OR_DELETE");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                group(stack())
                    .name("")
                    .voiceConnectorItems(List.of(VoiceConnectorItem.of("", 0)))
                    .build())
        .hasMessageContaining("name ''")
        .hasMessageContaining("priority 0")
        .hasMessageContaining("voiceConnectorId '' is blank");
  }

  @Test
  void rejectedGroupLeavesNoHandlerBehind() {
    Stack stack = stack();
    assertThatThrownBy(group(stack).name("")::build).isInstanceOf(IllegalArgumentException.class);

    assertThat(stack.getNode().tryFindChild(VoiceConnectorGroupProvider.ID)).isNull();
  }

  @Test
  void tokensSkipValidation() {
    Stack stack = TestStacks.environmentAgnosticStack();
    String name = CfnParameter.Builder.create(stack, "GroupName").build().getValueAsString();
    String connectorId =
        CfnParameter.Builder.create(stack, "ConnectorId").build().getValueAsString();
    Duration timeout =
        Duration.seconds(
            CfnParameter.Builder.create(stack, "Timeout")
                .type("Number")
                .build()
                .getValueAsNumber());

    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name(name)
        .voiceConnectorItems(List.of(VoiceConnectorItem.of(connectorId, 1)))
        .serviceTimeout(timeout)
        .build();

    assertThat(Token.isUnresolved(stack.getRegion())).isTrue();
    Template.fromStack(stack)
        .hasResourceProperties(
            "Custom::VoiceConnectorGroup",
            Map.of(
                "Name",
                Map.of("Ref", "GroupName"),
                "ServiceTimeout",
                Map.of("Ref", "Timeout"),
                "VoiceConnectorItems",
                List.of(Map.of("VoiceConnectorId", Map.of("Ref", "ConnectorId"), "Priority", 1))));
  }
}

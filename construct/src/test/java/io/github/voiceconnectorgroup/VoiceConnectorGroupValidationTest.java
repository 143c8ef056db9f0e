package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.oneItem;
import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The construct applies the contract's rules (tested in full in the contract module) with its path
 * and its props' names, and its own rules on what never reaches the handler.
 */
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
  void contractRulesAreReportedWithPathAndPropName() {
    assertRejected(
        group(stack()).name("Sales/EU"),
        PATH + ": name 'Sales/EU'; allowed: " + VoiceConnectorGroupRules.ALLOWED_NAME);
    assertRejected(
        group(stack()).voiceConnectorItems(List.of(VoiceConnectorItem.of("a", 0))),
        PATH + ": voiceConnectorItems[0].priority 0; allowed: an integer from 1 (highest) to 99");
    assertRejected(
        group(stack()).voiceConnectorItems(List.of()),
        PATH
            + ": voiceConnectorItems of 0 items; allowed: "
            + VoiceConnectorGroupRules.ALLOWED_TOO_FEW_ITEMS);
  }

  @Test
  void nameOf256IsAccepted() {
    Stack stack = stack();
    group(stack).name("n".repeat(256)).build();
    Template.fromStack(stack)
        .hasResourceProperties(VoiceConnectorGroup.RESOURCE_TYPE, Map.of("Name", "n".repeat(256)));
  }

  @Test
  void missingItemsAreRejected() {
    assertThatThrownBy(
            () ->
                new VoiceConnectorGroup(
                    stack(), "Group", VoiceConnectorGroupProps.builder().name("n").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PATH
                + ": voiceConnectorItems of 0 items; allowed: "
                + VoiceConnectorGroupRules.ALLOWED_TOO_FEW_ITEMS);
  }

  @Test
  void nullItemAndNullIdAreReportedWithTheirIndex() {
    List<VoiceConnectorItem> items = new ArrayList<>();
    items.add(VoiceConnectorItem.of(null, 1));
    items.add(null);
    assertRejected(
        group(stack()).voiceConnectorItems(items),
        PATH
            + ": voiceConnectorItems[0].voiceConnectorId null; allowed: a voice connector id, not"
            + " blank\n"
            + PATH
            + ": voiceConnectorItems[1] null; allowed: a voice connector item");
  }

  @Test
  void malformedOrRepeatedPhoneNumbersAreRejected() {
    assertRejected(
        group(stack()).phoneNumbers(List.of("+12065550100", "(206) 555-0100", "+12065550100")),
        PATH
            + ": phoneNumbers[1] '(206) 555-0100'; allowed: "
            + VoiceConnectorGroupRules.ALLOWED_PHONE_NUMBER
            + "\n"
            + PATH
            + ": phoneNumbers[2] '+12065550100'; allowed: each phone number once"
            + " (+12065550100 and 12065550100 are one number)");
  }

  @Test
  void phoneNumbersAddedLaterAreCheckedAgainstTheDeclaredOnes() {
    VoiceConnectorGroup group = group(stack()).phoneNumbers(List.of("+12065550100")).build();

    assertThatThrownBy(() -> group.addPhoneNumbers("+12065550101", "+12065550100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PATH
                + ": phoneNumbers[2] '+12065550100'; allowed: each phone number once"
                + " (+12065550100 and 12065550100 are one number)");
    assertThat(group.getPhoneNumbers()).containsExactly("+12065550100");
  }

  @Test
  void unsupportedRegionIsRejected() {
    assertRejected(
        group(TestStacks.stackIn("eu-north-1")),
        PATH
            + ": stack region 'eu-north-1'; allowed: a Region with the Amazon Chime SDK Voice"
            + " endpoint: us-east-1, us-west-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2,"
            + " ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2");
  }

  @Test
  void serviceTimeoutOutsideTenToSixtyMinutesIsRejected() {
    assertRejected(
        group(stack()).serviceTimeout(Duration.minutes(9)),
        PATH
            + ": serviceTimeout '9 minutes'; allowed: 10 minutes (the handler's queueing and run"
            + " time) to 60 minutes");
    assertRejected(
        group(stack()).serviceTimeout(Duration.seconds(3601)),
        PATH
            + ": serviceTimeout '1 hour 1 second'; allowed: 10 minutes (the handler's queueing"
            + " and run time) to 60 minutes");
  }

  @Test
  void snapshotRemovalPolicyIsRejected() {
    assertRejected(
        group(stack()).removalPolicy(RemovalPolicy.SNAPSHOT),
        PATH
            + ": removalPolicy SNAPSHOT; allowed: DESTROY, RETAIN, RETAIN_ON_UPDATE_OR_DELETE"
            + " (groups have no snapshots)");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                group(stack())
                    .name("")
                    .voiceConnectorItems(List.of(VoiceConnectorItem.of("", 0)))
                    .serviceTimeout(Duration.minutes(1))
                    .build())
        .hasMessage(
            String.join(
                "\n",
                PATH + ": name ''; allowed: " + VoiceConnectorGroupRules.ALLOWED_NAME,
                PATH
                    + ": voiceConnectorItems[0].priority 0; allowed: "
                    + VoiceConnectorGroupRules.ALLOWED_PRIORITY,
                PATH
                    + ": voiceConnectorItems[0].voiceConnectorId ''; allowed: "
                    + VoiceConnectorGroupRules.ALLOWED_CONNECTOR_ID,
                PATH
                    + ": serviceTimeout '1 minute'; allowed: 10 minutes (the handler's queueing"
                    + " and run time) to 60 minutes"));
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
    String number = CfnParameter.Builder.create(stack, "Number").build().getValueAsString();
    Duration timeout =
        Duration.seconds(
            CfnParameter.Builder.create(stack, "Timeout")
                .type("Number")
                .build()
                .getValueAsNumber());

    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name(name)
        .voiceConnectorItems(
            List.of(VoiceConnectorItem.of(connectorId, 1), VoiceConnectorItem.of(connectorId, 2)))
        .phoneNumbers(List.of(number, number))
        .serviceTimeout(timeout)
        .build();

    assertThat(Token.isUnresolved(stack.getRegion())).isTrue();
    Template.fromStack(stack)
        .hasResourceProperties(
            VoiceConnectorGroup.RESOURCE_TYPE,
            Map.of(
                "Name",
                Map.of("Ref", "GroupName"),
                "ServiceTimeout",
                Map.of("Ref", "Timeout"),
                "PhoneNumbers",
                List.of(Map.of("Ref", "Number"), Map.of("Ref", "Number")),
                "VoiceConnectorItems",
                List.of(
                    Map.of("VoiceConnectorId", Map.of("Ref", "ConnectorId"), "Priority", 1),
                    Map.of("VoiceConnectorId", Map.of("Ref", "ConnectorId"), "Priority", 2))));
  }

  @Test
  void stackWithoutRegionSaysOnceThatTheRegionIsNotChecked() {
    Stack stack = TestStacks.environmentAgnosticStack();
    VoiceConnectorGroup.Builder.create(stack, "One").voiceConnectorItems(oneItem()).build();
    VoiceConnectorGroup.Builder.create(stack, "Two").voiceConnectorItems(oneItem()).build();

    assertThat(
            Annotations.fromStack(stack)
                .findInfo("*", Match.stringLikeRegexp(".*Region.*is not checked at synth time.*")))
        .hasSize(1);
    Stack regional = stack();
    group(regional).build();
    assertThat(Annotations.fromStack(regional).findInfo("*", Match.anyValue())).isEmpty();
  }

  @Test
  void moreGroupsThanTheDefaultQuotaWarnsOnce() {
    Stack stack = stack();
    for (int i = 1; i <= VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA; i++) {
      VoiceConnectorGroup.Builder.create(stack, "G" + i).voiceConnectorItems(oneItem()).build();
    }
    assertThat(Annotations.fromStack(stack).findWarning("*", Match.anyValue())).isEmpty();

    VoiceConnectorGroup.Builder.create(stack, "G4").voiceConnectorItems(oneItem()).build();
    VoiceConnectorGroup.Builder.create(stack, "G5").voiceConnectorItems(oneItem()).build();

    assertThat(
            Annotations.fromStack(stack)
                .findWarning(
                    "*",
                    Match.stringLikeRegexp(
                        ".*more than 3 voice connector groups, an account's default quota.*")))
        .hasSize(1);
  }
}

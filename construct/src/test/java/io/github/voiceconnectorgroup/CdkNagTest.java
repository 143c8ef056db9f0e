package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/** The AWS Solutions rules of cdk-nag: the construct's unavoidable findings carry reasons. */
class CdkNagTest {

  private static List<String> violations(Stack stack) {
    PolicyValidationPluginReport report = new AwsSolutionsChecks().validateScope(stack);
    return report.getViolations().stream().map(PolicyViolation::getRuleName).toList();
  }

  @Test
  void groupsPassAwsSolutionsChecks() {
    Stack stack = TestStacks.stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();

    assertThat(violations(stack)).isEmpty();
  }

  @Test
  void groupsInAnEnvironmentAgnosticStackPassAwsSolutionsChecks() {
    Stack stack = TestStacks.environmentAgnosticStack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();

    assertThat(violations(stack)).isEmpty();
  }

  @Test
  void groupsPassAwsSolutionsChecksWithPartitionLiterals() {
    App app =
        App.Builder.create().context(Map.of("@aws-cdk/core:enablePartitionLiterals", true)).build();
    Stack stack =
        new Stack(
            app,
            "TestStack",
            StackProps.builder()
                .env(
                    Environment.builder()
                        .account(TestStacks.ACCOUNT)
                        .region(TestStacks.REGION)
                        .build())
                .build());
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();

    assertThat(stack.getPartition()).isEqualTo("aws");
    assertThat(violations(stack)).isEmpty();
  }

  @Test
  void acknowledgmentsDoNotHideTheAppsOwnFindings() {
    Stack stack = TestStacks.stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();
    Role role =
        Role.Builder.create(stack, "AppRole")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("chime:GetVoiceConnectorGroup"))
            .resources(List.of("*"))
            .build());

    assertThat(violations(stack)).containsExactly("AwsSolutions-IAM5[Resource::*]");
  }
}

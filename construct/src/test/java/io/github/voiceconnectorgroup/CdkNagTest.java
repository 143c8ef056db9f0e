package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

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

  /** Each way of configuring the handler, on a stack whose own resources pass the pack. */
  static Stream<Arguments> handlerConfigurations() {
    return Stream.of(
        Arguments.of(
            "everything the construct makes, configured",
            (Function<Stack, VoiceConnectorGroupHandlerSettings>)
                stack ->
                    VoiceConnectorGroupHandlerSettings.builder()
                        .vpc(TestStacks.vpcWithFlowLogs(stack))
                        .vpcSubnets(
                            SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .build())
                        .logRetention(RetentionDays.ONE_YEAR)
                        .logEncryptionKey(
                            Key.Builder.create(stack, "LogKey").enableKeyRotation(true).build())
                        .loggingFormat(LoggingFormat.JSON)
                        .applicationLogLevel(ApplicationLogLevel.DEBUG)
                        .systemLogLevel(SystemLogLevel.WARN)
                        .tracing(Tracing.ACTIVE)
                        .build()),
        Arguments.of(
            "a role of the app, a log group of the app, a security group",
            (Function<Stack, VoiceConnectorGroupHandlerSettings>)
                stack -> {
                  Vpc vpc = TestStacks.vpcWithFlowLogs(stack);
                  return VoiceConnectorGroupHandlerSettings.builder()
                      .role(
                          Role.Builder.create(stack, "ApprovedRole")
                              .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                              .build())
                      .vpc(vpc)
                      .securityGroups(
                          List.of(SecurityGroup.Builder.create(stack, "Handler").vpc(vpc).build()))
                      .logGroup(
                          LogGroup.Builder.create(stack, "Logs")
                              .retention(RetentionDays.ONE_YEAR)
                              .build())
                      .tracing(Tracing.ACTIVE)
                      .build();
                }),
        Arguments.of(
            "an imported role that grants the permissions",
            (Function<Stack, VoiceConnectorGroupHandlerSettings>)
                stack ->
                    VoiceConnectorGroupHandlerSettings.builder()
                        .role(
                            Role.fromRoleArn(
                                stack,
                                "ApprovedRole",
                                "arn:aws:iam::123456789012:role/voice-connector-group-handler"))
                        .roleGrantsPermissions(true)
                        .tracing(Tracing.ACTIVE)
                        .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handlerConfigurations")
  void configuredHandlerPassesAwsSolutionsChecks(
      String configuration, Function<Stack, VoiceConnectorGroupHandlerSettings> settings) {
    Stack stack = TestStacks.stack();
    VoiceConnectorGroup.configureHandler(stack, settings.apply(stack));
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();

    assertThat(violations(stack)).as(configuration).isEmpty();
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

package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.voiceconnectorgroup.testsupport.TemplateSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The whole template of a small stack against {@code
 * src/test/resources/snapshots/voice-connector-group-stack.json}, and of a stack whose handler has
 * every setting against {@code voice-connector-group-configured-handler-stack.json}; {@code
 * -Dsnapshot.update=true} rewrites them.
 */
class VoiceConnectorGroupSnapshotTest {

  private static final String SNAPSHOT = "voice-connector-group-stack";
  private static final String CONFIGURED_SNAPSHOT =
      "voice-connector-group-configured-handler-stack";

  private static Map<String, Object> smallStackTemplate(String groupName) {
    Stack stack = TestStacks.stack();
    CfnVoiceConnector connector =
        CfnVoiceConnector.Builder.create(stack, "Connector")
            .name("primary")
            .requireEncryption(true)
            .awsRegion("us-east-1")
            .build();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name(groupName)
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.fromVoiceConnector(connector, 1),
                VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 2)))
        .build();
    VoiceConnectorGroup.Builder.create(stack, "RetainedGroup")
        .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(connector, 1)))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    return Template.fromStack(stack).toJSON();
  }

  /** Every handler setting at once, with the app's own role, VPC, security group and key. */
  private static Map<String, Object> configuredHandlerTemplate() {
    Stack stack = TestStacks.stack();
    Vpc vpc = TestStacks.vpcWithFlowLogs(stack);
    VoiceConnectorGroup.configureHandler(
        stack,
        VoiceConnectorGroupHandlerSettings.builder()
            .role(
                Role.Builder.create(stack, "ApprovedRole")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .build())
            .vpc(vpc)
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .securityGroups(
                List.of(SecurityGroup.Builder.create(stack, "Handler").vpc(vpc).build()))
            .logRetention(RetentionDays.ONE_YEAR)
            .logEncryptionKey(Key.Builder.create(stack, "LogKey").enableKeyRotation(true).build())
            .loggingFormat(LoggingFormat.JSON)
            .applicationLogLevel(ApplicationLogLevel.DEBUG)
            .systemLogLevel(SystemLogLevel.WARN)
            .tracing(Tracing.ACTIVE)
            .build());
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name("Contact center")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();
    return Template.fromStack(stack).toJSON();
  }

  @Test
  void configuredHandlerTemplateMatchesSnapshot() {
    TemplateSnapshot.assertMatchesSnapshot(CONFIGURED_SNAPSHOT, configuredHandlerTemplate());
  }

  @Test
  void templateMatchesSnapshot() {
    TemplateSnapshot.assertMatchesSnapshot(SNAPSHOT, smallStackTemplate("Contact center"));
  }

  @Test
  void changedTemplateFailsWithADiff(@TempDir Path directory) throws Exception {
    assumeFalse(Boolean.getBoolean(TemplateSnapshot.UPDATE_PROPERTY), "snapshots being rewritten");
    Path committed = TemplateSnapshot.forCurrentModule().snapshotFile(SNAPSHOT);
    Files.copy(committed, directory.resolve(committed.getFileName()));

    assertThatThrownBy(
            () ->
                TemplateSnapshot.in(directory)
                    .assertMatches(SNAPSHOT, smallStackTemplate("Renamed center")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("-        \"Name\" : \"Contact center\",")
        .hasMessageContaining("+        \"Name\" : \"Renamed center\",");
  }
}

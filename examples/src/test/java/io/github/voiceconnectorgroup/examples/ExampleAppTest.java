package io.github.voiceconnectorgroup.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voiceconnectorgroup.testsupport.CdkJsonContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

class ExampleAppTest {

  private static App app;

  @BeforeAll
  static void synthesize() {
    app = App.Builder.create().context(CdkJsonContext.load()).build();
    ExampleApp.addStacks(app, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012"));
  }

  private static Stack stack(String id) {
    return (Stack) app.getNode().findChild(id);
  }

  @Test
  void groupPrefersThePrimaryConnectorAndFailsOverToTheOtherRegion() {
    Stack main = stack("VoiceConnectorGroupExample");
    Template template = Template.fromStack(main);

    assertThat(main.getRegion()).isEqualTo("us-east-1");
    template.resourceCountIs("AWS::Chime::VoiceConnector", 2);
    template.hasResourceProperties(
        "AWS::Chime::VoiceConnector",
        Map.of("Name", "example-primary", "AwsRegion", "us-east-1", "RequireEncryption", true));
    template.hasResourceProperties(
        "AWS::Chime::VoiceConnector",
        Map.of("Name", "example-failover", "AwsRegion", "us-west-2", "RequireEncryption", true));
    template.resourceCountIs("Custom::VoiceConnectorGroup", 1);
    template.hasResourceProperties(
        "Custom::VoiceConnectorGroup",
        Map.of(
            "Name",
            "example-failover-group",
            "VoiceConnectorItems",
            List.of(
                Map.of("VoiceConnectorId", getAtt("PrimaryVoiceConnector"), "Priority", 1),
                Map.of("VoiceConnectorId", getAtt("FailoverVoiceConnector"), "Priority", 2))));
  }

  private static Map<String, Object> getAtt(String logicalIdPrefix) {
    return Map.of(
        "Fn::GetAtt", List.of(Match.stringLikeRegexp(logicalIdPrefix + ".*"), "VoiceConnectorId"));
  }

  @Test
  void wholeAppPassesTheCdkTemplateValidationAtSynth(@TempDir Path outdir) {
    // With cdk.json's feature flags, aws-cdk-lib validates the templates at synth and throws on an
    // error, as `cdk synth` fails: here, a resource type its stack's Region does not offer.
    App invalid =
        App.Builder.create()
            .outdir(outdir.resolve("invalid").toString())
            .context(CdkJsonContext.load())
            .build();
    Stack noChime =
        new Stack(
            invalid,
            "NoChimeInThisRegion",
            StackProps.builder()
                .env(Environment.builder().account("123456789012").region("sa-east-1").build())
                .build());
    CfnVoiceConnector.Builder.create(noChime, "VoiceConnector")
        .name("unavailable")
        .requireEncryption(true)
        .build();
    assertThatThrownBy(invalid::synth)
        .as("synth of a stack the validation refuses")
        .hasMessageContaining("Validation failed");
    assertThat(outdir.resolve("invalid").resolve("validation-report.json"))
        .content()
        .contains("AWS::Chime::VoiceConnector", "sa-east-1");

    App fresh =
        App.Builder.create()
            .outdir(outdir.resolve("example").toString())
            .context(CdkJsonContext.load())
            .build();
    ExampleApp.addStacks(fresh, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012"));
    CloudAssembly assembly = fresh.synth();

    assertThat(assembly.getStacks())
        .extracting(CloudFormationStackArtifact::getStackName)
        .containsExactlyInAnyOrder(
            "VoiceConnectorGroupExample",
            "VoiceConnectorGroupConfiguredHandlerExample",
            "VoiceConnectorGroupImportExample");
  }

  @Test
  void configuredHandlerRunsInTheVpcWithEncryptedJsonLogs() {
    Template template = Template.fromStack(stack("VoiceConnectorGroupConfiguredHandlerExample"));
    // (The VPC's restricted default security group adds a CDK function of its own.)
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue())),
            "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")),
            "TracingConfig", Map.of("Mode", "Active")));
    template.hasResourceProperties(
        "AWS::Logs::LogGroup", Map.of("RetentionInDays", 365, "KmsKeyId", Match.anyValue()));
  }

  @Test
  void configuredHandlerTakesAPreApprovedRoleFromTheContext() {
    App other = App.Builder.create().context(CdkJsonContext.load()).build();
    other.getNode().setContext("handlerRoleArn", "arn:aws:iam::123456789012:role/approved-handler");
    ExampleApp.addStacks(other, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012"));
    Template template =
        Template.fromStack(
            (Stack) other.getNode().findChild("VoiceConnectorGroupConfiguredHandlerExample"));

    template.hasResourceProperties(
        "AWS::Lambda::Function", Map.of("Role", "arn:aws:iam::123456789012:role/approved-handler"));
    template.resourceCountIs("AWS::IAM::Policy", 1); // the VPC flow log's own role's only
  }

  @Test
  void mainStackOutputsTheGroupIdAndArn() {
    Template template = Template.fromStack(stack("VoiceConnectorGroupExample"));
    template.hasOutput(
        "VoiceConnectorGroupId",
        Map.of("Value", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "VoiceConnectorGroupId"))));
    template.hasOutput(
        "VoiceConnectorGroupArn",
        Map.of("Value", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "VoiceConnectorGroupArn"))));
  }

  @Test
  void importExamplePublishesTheGroupArnWithoutAHandler() {
    Template template = Template.fromStack(stack("VoiceConnectorGroupImportExample"));
    template.resourceCountIs("AWS::Lambda::Function", 0);
    template.hasResourceProperties(
        "AWS::SSM::Parameter",
        Map.of(
            "Name",
            "/telephony/voice-connector-group/arn",
            "Value",
            Match.stringLikeRegexp(".*:vcg/" + ImportedVoiceConnectorGroupStack.SAMPLE_GROUP_ID)));
    template.hasOutput(
        "ImportedVoiceConnectorGroupArn",
        Map.of(
            "Value",
            "arn:aws:chime:us-east-1:123456789012:vcg/"
                + ImportedVoiceConnectorGroupStack.SAMPLE_GROUP_ID));
  }

  @Test
  void regionsFollowTheCdkEnvironment() {
    App other = App.Builder.create().context(CdkJsonContext.load()).build();
    ExampleApp.addStacks(other, Map.of("CDK_DEFAULT_REGION", "eu-west-2"));
    Stack main = (Stack) other.getNode().findChild("VoiceConnectorGroupExample");
    assertThat(main.getRegion()).isEqualTo("eu-west-2");
    Template.fromStack(main)
        .hasResourceProperties(
            "AWS::Chime::VoiceConnector",
            Map.of("Name", "example-failover", "AwsRegion", "us-west-2"));
  }
}

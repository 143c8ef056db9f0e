package io.github.voiceconnectorgroup.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ExampleAppTest {

  private static App app;

  @BeforeAll
  static void synthesize() {
    app = new App();
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
    assertThat(stack("VoiceConnectorGroupExampleFailover").getRegion()).isEqualTo("us-west-2");
    template.resourceCountIs("AWS::Chime::VoiceConnector", 1);
    template.resourceCountIs("Custom::VoiceConnectorGroup", 1);
    template.hasResourceProperties(
        "Custom::VoiceConnectorGroup",
        Map.of(
            "Name",
            "example-failover-group",
            "VoiceConnectorItems",
            List.of(
                Map.of(
                    "VoiceConnectorId",
                    Map.of(
                        "Fn::GetAtt",
                        List.of(
                            Match.stringLikeRegexp("PrimaryVoiceConnector.*"), "VoiceConnectorId")),
                    "Priority",
                    1),
                Map.of("VoiceConnectorId", Match.anyValue(), "Priority", 2))));
    Template.fromStack(stack("VoiceConnectorGroupExampleFailover"))
        .resourceCountIs("AWS::Chime::VoiceConnector", 1);
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
  void importExampleNeedsNoHandler() {
    Template template = Template.fromStack(stack("VoiceConnectorGroupImportExample"));
    template.resourceCountIs("AWS::Lambda::Function", 0);
    template.hasOutput(
        "ImportedVoiceConnectorGroupArn",
        Map.of("Value", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
  }

  @Test
  void regionsFollowTheCdkEnvironment() {
    App other = new App();
    ExampleApp.addStacks(other, Map.of("CDK_DEFAULT_REGION", "us-west-2"));
    assertThat(((Stack) other.getNode().findChild("VoiceConnectorGroupExample")).getRegion())
        .isEqualTo("us-west-2");
    assertThat(
            ((Stack) other.getNode().findChild("VoiceConnectorGroupExampleFailover")).getRegion())
        .isEqualTo("us-east-1");
  }
}

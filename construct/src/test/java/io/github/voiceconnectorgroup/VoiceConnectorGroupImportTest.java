package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;

class VoiceConnectorGroupImportTest {

  private static final String ARN = "arn:aws:chime:eu-west-1:210987654321:vcg/grp-1";

  @Test
  void fromIdBuildsTheArnInTheStacksEnvironment() {
    Stack stack = stack();

    IVoiceConnectorGroup group =
        VoiceConnectorGroup.fromVoiceConnectorGroupId(stack, "Imported", "grp-1");

    assertThat(group.getVoiceConnectorGroupId()).isEqualTo("grp-1");
    assertThat(stack.resolve(group.getVoiceConnectorGroupArn()))
        .isEqualTo(
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        "arn:",
                        Map.of("Ref", "AWS::Partition"),
                        ":chime:us-east-1:123456789012:vcg/grp-1"))));
    assertThat(group.getEnv().getRegion()).isEqualTo("us-east-1");
  }

  @Test
  void fromArnRecoversTheIdAndTheEnvironment() {
    Stack stack = stack();

    IVoiceConnectorGroup group =
        VoiceConnectorGroup.fromVoiceConnectorGroupArn(stack, "Imported", ARN);

    assertThat(group.getVoiceConnectorGroupId()).isEqualTo("grp-1");
    assertThat(group.getVoiceConnectorGroupArn()).isEqualTo(ARN);
    assertThat(group.getEnv().getAccount()).isEqualTo("210987654321");
    assertThat(group.getEnv().getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void fromTokenArnRecoversTheIdAtDeployTime() {
    Stack stack = stack();
    String arn = CfnParameter.Builder.create(stack, "GroupArn").build().getValueAsString();

    IVoiceConnectorGroup group =
        VoiceConnectorGroup.fromVoiceConnectorGroupArn(stack, "Imported", arn);

    Map<String, Object> ref = Map.of("Ref", "GroupArn");
    assertThat(stack.resolve(group.getVoiceConnectorGroupArn())).isEqualTo(ref);
    assertThat(stack.resolve(group.getVoiceConnectorGroupId()))
        .isEqualTo(
            Map.of(
                "Fn::Select",
                List.of(
                    1,
                    Map.of(
                        "Fn::Split",
                        List.of(
                            "/",
                            Map.of(
                                "Fn::Select",
                                List.of(5, Map.of("Fn::Split", List.of(":", ref)))))))));
  }

  @Test
  void fromAttributesKeepsBothValues() {
    Stack stack = stack();

    IVoiceConnectorGroup group =
        VoiceConnectorGroup.fromVoiceConnectorGroupAttributes(
            stack,
            "Imported",
            VoiceConnectorGroupAttributes.builder()
                .voiceConnectorGroupId("grp-1")
                .voiceConnectorGroupArn(ARN)
                .build());

    assertThat(group.getVoiceConnectorGroupId()).isEqualTo("grp-1");
    assertThat(group.getVoiceConnectorGroupArn()).isEqualTo(ARN);
  }

  @Test
  void fromAttributesNeedsIdOrArn() {
    Stack stack = stack();

    assertThatThrownBy(
            () ->
                VoiceConnectorGroup.fromVoiceConnectorGroupAttributes(
                    stack, "Imported", VoiceConnectorGroupAttributes.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Imported: voiceConnectorGroupId and voiceConnectorGroupArn null; allowed:"
                + " either or both");
  }

  @Test
  void fromArnRejectsAnotherResourceType() {
    Stack stack = stack();

    assertThatThrownBy(
            () ->
                VoiceConnectorGroup.fromVoiceConnectorGroupArn(
                    stack, "Imported", "arn:aws:chime:us-east-1:123456789012:vc/abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Imported: voiceConnectorGroupArn 'arn:aws:chime:us-east-1:123456789012:vc/abc';"
                + " allowed: arn:<partition>:chime:<region>:<account>:vcg/<group id>");
  }

  @Test
  void fromBlankIdIsRejected() {
    Stack stack = stack();

    assertThatThrownBy(() -> VoiceConnectorGroup.fromVoiceConnectorGroupId(stack, "Imported", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Imported: voiceConnectorGroupId ''; allowed: a voice connector group id,"
                + " not blank");
  }

  @Test
  void importsCreateNoResources() {
    Stack stack = stack();
    VoiceConnectorGroup.fromVoiceConnectorGroupArn(stack, "Imported", ARN);

    assertThat(stack.getNode().tryFindChild(VoiceConnectorGroupProvider.ID)).isNull();
  }
}

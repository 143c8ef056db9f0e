package io.github.voiceconnectorgroup.examples;

import io.github.voiceconnectorgroup.IVoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * A stack that uses a voice connector group made elsewhere, imported by its id: it publishes the
 * group's ARN in Systems Manager Parameter Store for the applications that route calls to it.
 *
 * <p>The id comes from the context value {@code voiceConnectorGroupId} ({@code cdk synth -c
 * voiceConnectorGroupId=...}), or {@value #SAMPLE_GROUP_ID} when none is given.
 */
public class ImportedVoiceConnectorGroupStack extends Stack {

  /** The group id used when the context names none. */
  public static final String SAMPLE_GROUP_ID = "b7a1f0c2-3d4e-4f56-8a9b-0c1d2e3f4a5b";

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the stack id
   * @param props the stack's props
   */
  public ImportedVoiceConnectorGroupStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    String groupId =
        Optional.ofNullable((String) getNode().tryGetContext("voiceConnectorGroupId"))
            .orElse(SAMPLE_GROUP_ID);

    IVoiceConnectorGroup imported =
        VoiceConnectorGroup.fromVoiceConnectorGroupId(this, "ImportedGroup", groupId);

    // Publish the group for the applications that route calls to it, under a well-known name.
    StringParameter.Builder.create(this, "VoiceConnectorGroupArnParameter")
        .parameterName("/telephony/voice-connector-group/arn")
        .description("ARN of the voice connector group that inbound calls are routed through")
        .stringValue(imported.getVoiceConnectorGroupArn())
        .build();

    CfnOutput.Builder.create(this, "ImportedVoiceConnectorGroupArn")
        .description("ARN of the imported voice connector group")
        .value(imported.getVoiceConnectorGroupArn())
        .build();
  }
}

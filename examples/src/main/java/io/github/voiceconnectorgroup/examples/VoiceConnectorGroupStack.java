package io.github.voiceconnectorgroup.examples;

import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;

/**
 * The example's main stack: a primary voice connector and a group that sends calls to it first and
 * to the failover connector when it is unavailable.
 */
public class VoiceConnectorGroupStack extends Stack {

  private final VoiceConnectorGroup group;

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the stack id
   * @param props the stack's props; cross-Region references must be enabled when the failover
   *     connector is in another Region
   * @param failoverVoiceConnector the connector that takes calls when the primary cannot
   */
  public VoiceConnectorGroupStack(
      Construct scope, String id, StackProps props, CfnVoiceConnector failoverVoiceConnector) {
    super(scope, id, props);

    CfnVoiceConnector primary =
        CfnVoiceConnector.Builder.create(this, "PrimaryVoiceConnector")
            .name("example-primary")
            .requireEncryption(true)
            .awsRegion(getRegion())
            .build();

    group =
        VoiceConnectorGroup.Builder.create(this, "VoiceConnectorGroup")
            .name("example-failover-group")
            .voiceConnectorItems(
                List.of(
                    // Priority 1 is tried first; 2 only takes calls when 1 cannot.
                    VoiceConnectorItem.fromVoiceConnector(primary, 1),
                    VoiceConnectorItem.fromVoiceConnector(failoverVoiceConnector, 2)))
            .build();

    CfnOutput.Builder.create(this, "VoiceConnectorGroupId")
        .description("Id of the voice connector group")
        .value(group.getVoiceConnectorGroupId())
        .build();
    CfnOutput.Builder.create(this, "VoiceConnectorGroupArn")
        .description("ARN of the voice connector group")
        .value(group.getVoiceConnectorGroupArn())
        .build();
  }

  /**
   * The voice connector group.
   *
   * @return the group
   */
  public VoiceConnectorGroup getGroup() {
    return group;
  }
}

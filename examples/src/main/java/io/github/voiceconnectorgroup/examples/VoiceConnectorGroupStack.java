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
 * The example's main stack: voice connectors in two Regions and a group that sends calls to the
 * primary first and to the failover connector when the primary cannot take them.
 */
public class VoiceConnectorGroupStack extends Stack {

  private final VoiceConnectorGroup group;

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the stack id
   * @param props the stack's props; its Region is the primary voice connector's
   * @param failoverRegion the Region of the voice connector that takes calls when the primary
   *     cannot
   * @param phoneNumber an E.164 number of the account whose calls the group routes, or {@code null}
   *     to leave the group's numbers alone
   */
  public VoiceConnectorGroupStack(
      Construct scope, String id, StackProps props, String failoverRegion, String phoneNumber) {
    super(scope, id, props);

    CfnVoiceConnector primary =
        CfnVoiceConnector.Builder.create(this, "PrimaryVoiceConnector")
            .name("example-primary")
            .requireEncryption(true)
            .awsRegion(getRegion())
            .build();
    CfnVoiceConnector failover =
        CfnVoiceConnector.Builder.create(this, "FailoverVoiceConnector")
            .name("example-failover")
            .requireEncryption(true)
            .awsRegion(failoverRegion)
            .build();

    group =
        VoiceConnectorGroup.Builder.create(this, "VoiceConnectorGroup")
            .name("example-failover-group")
            .voiceConnectorItems(
                List.of(
                    // Priority 1 is tried first; 2 only takes calls when 1 cannot.
                    VoiceConnectorItem.fromVoiceConnector(primary, 1),
                    VoiceConnectorItem.fromVoiceConnector(failover, 2)))
            .build();
    if (phoneNumber != null) {
      // Numbers must be ordered in the account first; the group then owns exactly these.
      group.addPhoneNumbers(phoneNumber);
    }

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

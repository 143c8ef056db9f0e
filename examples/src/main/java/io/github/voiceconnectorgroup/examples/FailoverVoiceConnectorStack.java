package io.github.voiceconnectorgroup.examples;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;

/** A stack in the failover Region that holds the group's second voice connector. */
public class FailoverVoiceConnectorStack extends Stack {

  private final CfnVoiceConnector voiceConnector;

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the stack id
   * @param props the stack's props; its environment names the failover Region
   */
  public FailoverVoiceConnectorStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    voiceConnector =
        CfnVoiceConnector.Builder.create(this, "FailoverVoiceConnector")
            .name("example-failover")
            .requireEncryption(true)
            .awsRegion(getRegion())
            .build();
  }

  /**
   * The failover voice connector.
   *
   * @return the native voice connector resource
   */
  public CfnVoiceConnector getVoiceConnector() {
    return voiceConnector;
  }
}

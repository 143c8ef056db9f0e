package io.github.voiceconnectorgroup;

import software.amazon.awscdk.IResource;

/**
 * An Amazon Chime SDK Voice connector group, created in this app or imported.
 *
 * <p>A voice connector group routes calls to up to three voice connectors by priority.
 */
public interface IVoiceConnectorGroup extends IResource {

  /**
   * The group's id, as returned by the {@code CreateVoiceConnectorGroup} API.
   *
   * @return the group id, usually a token that resolves at deploy time
   */
  String getVoiceConnectorGroupId();

  /**
   * The group's ARN, {@code arn:<partition>:chime:<region>:<account>:vcg/<group id>}.
   *
   * @return the group ARN, usually a token that resolves at deploy time
   */
  String getVoiceConnectorGroupArn();
}

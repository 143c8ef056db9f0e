package io.github.voiceconnectorgroup;

import software.amazon.awscdk.Resource;
import software.amazon.awscdk.ResourceProps;
import software.constructs.Construct;

/**
 * What a created and an imported voice connector group have in common.
 *
 * <p>IAM has no resource type for voice connector groups, so there are no {@code grant} methods:
 * permissions on groups can only be granted on {@code *}.
 */
public abstract class VoiceConnectorGroupBase extends Resource implements IVoiceConnectorGroup {

  /**
   * Creates the base of a group in the stack of the scope.
   *
   * @param scope the parent construct
   * @param id the construct id
   */
  protected VoiceConnectorGroupBase(Construct scope, String id) {
    super(scope, id);
  }

  /**
   * Creates the base of a group with the given resource properties, e.g. the environment an
   * imported group's ARN names.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param props the environment and physical name of the resource
   */
  protected VoiceConnectorGroupBase(Construct scope, String id, ResourceProps props) {
    super(scope, id, props);
  }
}

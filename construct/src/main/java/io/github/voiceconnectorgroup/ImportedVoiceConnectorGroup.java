package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.Objects;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.ResourceProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/** A group defined outside this app, known by its id, its ARN, or both. */
final class ImportedVoiceConnectorGroup extends VoiceConnectorGroupBase {

  private static final String ALLOWED_ID = "a voice connector group id, not blank";
  private static final String ALLOWED_ARN =
      "arn:<partition>:chime:<region>:<account>:vcg/<group id>";

  private final String voiceConnectorGroupId;
  private final String voiceConnectorGroupArn;

  private ImportedVoiceConnectorGroup(
      Construct scope, String id, String groupId, String arn, ResourceProps props) {
    super(scope, id, props);
    this.voiceConnectorGroupId = groupId;
    this.voiceConnectorGroupArn = arn;
  }

  /** See {@link VoiceConnectorGroup#fromVoiceConnectorGroupAttributes}. */
  static IVoiceConnectorGroup of(
      Construct scope, String id, VoiceConnectorGroupAttributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    String groupId = attributes.getVoiceConnectorGroupId();
    String arn = attributes.getVoiceConnectorGroupArn();
    String path = scope.getNode().getPath() + "/" + id;
    if (groupId == null && arn == null) {
      throw new IllegalArgumentException(
          VoiceConnectorGroupRules.violation(
              path, "voiceConnectorGroupId and voiceConnectorGroupArn", null, "either or both"));
    }
    if (groupId != null && !Token.isUnresolved(groupId) && groupId.isBlank()) {
      throw new IllegalArgumentException(
          VoiceConnectorGroupRules.violation(path, "voiceConnectorGroupId", groupId, ALLOWED_ID));
    }
    if (arn == null) {
      arn =
          Stack.of(scope)
              .formatArn(
                  ArnComponents.builder()
                      .service("chime")
                      .resource("vcg")
                      .resourceName(groupId)
                      .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                      .build());
      return new ImportedVoiceConnectorGroup(
          scope, id, groupId, arn, ResourceProps.builder().build());
    }
    // Never parse a token: Arn.split gives tokens that resolve at deploy time.
    ArnComponents components = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    if (!Token.isUnresolved(arn)
        && (!"chime".equals(components.getService())
            || !"vcg".equals(components.getResource())
            || components.getResourceName() == null
            || components.getResourceName().isBlank())) {
      throw new IllegalArgumentException(
          VoiceConnectorGroupRules.violation(path, "voiceConnectorGroupArn", arn, ALLOWED_ARN));
    }
    return new ImportedVoiceConnectorGroup(
        scope,
        id,
        groupId != null ? groupId : components.getResourceName(),
        arn,
        ResourceProps.builder().environmentFromArn(arn).build());
  }

  @Override
  public String getVoiceConnectorGroupId() {
    return voiceConnectorGroupId;
  }

  @Override
  public String getVoiceConnectorGroupArn() {
    return voiceConnectorGroupArn;
  }
}

package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;

/**
 * Brings an existing group under the stack: makes it what the stack declares (name, items, and the
 * numbers when declared) and answers with its own id, so nothing is created and no quota is used.
 * If that fails part way, the group is set back to the name, items and numbers it had, read before
 * any change; a number that ForceAssociate took from elsewhere is not moved back there.
 */
final class GroupAdoption {

  private final Invocation invocation;

  GroupAdoption(Invocation invocation) {
    this.invocation = invocation;
  }

  VoiceConnectorGroup adopt(GroupProperties declared) {
    String groupId = declared.adoptedGroupId();
    VoiceConnectorGroup before =
        invocation
            .visibility()
            .find(groupId)
            .orElseThrow(
                () ->
                    new CustomResourceFailure(
                        ADOPT_VOICE_CONNECTOR_GROUP_ID
                            + " '"
                            + groupId
                            + "': no voice connector group with this id is visible in this account"
                            + " and Region; allowed: the id of an existing group (aws"
                            + " chime-sdk-voice list-voice-connector-groups)"));
    List<String> numbersBefore =
        declared.phoneNumbers() == null
            ? null
            : List.copyOf(invocation.gateway().phoneNumbersOf(groupId));
    invocation
        .log()
        .accept(
            "adopting voice connector group "
                + groupId
                + " (was '"
                + before.name()
                + "' with "
                + GroupGateway.itemsOf(before)
                + (numbersBefore == null ? "" : " and numbers " + numbersBefore)
                + ")");
    try {
      VoiceConnectorGroup after = invocation.update(groupId, declared.name(), declared.items());
      if (numbersBefore != null) {
        PhoneNumberPlan plan =
            PhoneNumberPlan.of(numbersBefore, declared.phoneNumbers(), Set.copyOf(numbersBefore));
        invocation.moveNumbers(groupId, plan, declared.forceAssociate());
      }
      return after.voiceConnectorGroupArn() == null ? before : after;
    } catch (RuntimeException e) {
      throw setBack(before, numbersBefore, declared, e);
    }
  }

  private CustomResourceFailure setBack(
      VoiceConnectorGroup before,
      List<String> numbersBefore,
      GroupProperties declared,
      RuntimeException error) {
    String groupId = before.voiceConnectorGroupId();
    String reason = CustomResourceFailure.reasonOf(error);
    try {
      invocation.update(groupId, before.name(), GroupGateway.itemsOf(before));
      if (numbersBefore != null) {
        Set<String> listed = invocation.gateway().phoneNumbersOf(groupId);
        invocation.moveNumbers(
            groupId, PhoneNumberPlan.of(declared.phoneNumbers(), numbersBefore, listed), false);
      }
      return new CustomResourceFailure(
          reason + " (group " + groupId + " was set back to what it was before the adoption)",
          error);
    } catch (RuntimeException setBackError) {
      error.addSuppressed(setBackError);
      return new CustomResourceFailure(
          reason
              + "; setting group "
              + groupId
              + " back failed too ("
              + CustomResourceFailure.reasonOf(setBackError)
              + "): before the adoption it was named '"
              + before.name()
              + "' with items "
              + GroupGateway.itemsOf(before)
              + (numbersBefore == null ? "" : " and numbers " + numbersBefore),
          error);
    }
  }
}

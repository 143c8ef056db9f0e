package io.github.voiceconnectorgroup.handler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;

/** Deleting a group, which the service allows only once it has no items and no numbers. */
final class GroupDeletion {

  private GroupDeletion() {}

  /**
   * Takes the group off its items and numbers (those listed and those declared), then deletes it.
   * The lists can lag behind the group, so a delete refused while something remains is tried again,
   * listing anew, until a new group would be visible.
   */
  static void delete(Invocation invocation, String groupId, List<String> declaredNumbers) {
    Consumer<String> log = invocation.log();
    Optional<VoiceConnectorGroup> found = invocation.visibility().find(groupId);
    if (found.isEmpty()) {
      log.accept("voice connector group " + groupId + " does not exist; nothing to delete");
      return;
    }
    VoiceConnectorGroup group = found.get();
    try {
      invocation
          .visibility()
          .onGroup(
              groupId,
              () ->
                  invocation
                      .waiting()
                      .retry(
                          invocation.consistency().newGroupVisibility(),
                          invocation.consistency().pollInterval(),
                          () -> emptyAndDelete(invocation, group, declaredNumbers),
                          e -> e instanceof ServiceCallException call && call.isBadRequest(),
                          e ->
                              log.accept(
                                  "the delete was refused ("
                                      + e.getMessage()
                                      + "); listing what remains and trying again")));
    } catch (GroupVisibility.GroupGone e) {
      log.accept("voice connector group " + groupId + " disappeared while being deleted");
      return;
    }
    log.accept("deleted voice connector group " + groupId);
  }

  private static Void emptyAndDelete(
      Invocation invocation, VoiceConnectorGroup group, List<String> declared) {
    String groupId = group.voiceConnectorGroupId();
    if (group.hasVoiceConnectorItems() && !group.voiceConnectorItems().isEmpty()) {
      invocation.gateway().update(groupId, group.name(), List.of());
    }
    Set<String> numbers = new LinkedHashSet<>(invocation.gateway().phoneNumbersOf(groupId));
    if (declared != null) {
      numbers.addAll(declared);
    }
    if (!numbers.isEmpty()) {
      invocation.gateway().disassociate(groupId, List.copyOf(numbers));
    }
    invocation.gateway().delete(groupId);
    return null;
  }
}

package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ARN;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ID;

import io.github.voiceconnectorgroup.cfn.CustomResourceEvent;
import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.cfn.Deadline;
import io.github.voiceconnectorgroup.cfn.FailedCreate;
import io.github.voiceconnectorgroup.cfn.ResourceLifecycle;
import io.github.voiceconnectorgroup.cfn.Sleeper;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;

/**
 * Create, update and delete of one voice connector group and its phone numbers: straight-line
 * orchestration of {@link GroupGateway} (the calls), {@link GroupVisibility} (what the service's
 * silence means, what a create in doubt made) and {@link PhoneNumberPlan} (which numbers move).
 */
final class VoiceConnectorGroupLifecycle implements ResourceLifecycle {

  /** Starts the physical id of a failed Create; never a group id (lower-case alphanumerics). */
  static final String FAILED_CREATE_PREFIX = "VoiceConnectorGroup-CreateFailed-";

  private final Supplier<ChimeSdkVoiceClient> client;
  private final Duration callReserve;
  private final EventualConsistency consistency;
  private final Sleeper sleeper;
  private final Consumer<String> log;

  /** The parts one invocation works with. */
  private record Parts(Waiting waiting, GroupGateway gateway, GroupVisibility visibility) {}

  /**
   * @param client the container's client; throws if it could not be built
   * @param callReserve every call ends this long before the Lambda deadline
   * @param sleeper waits out polls and IAM propagation
   */
  VoiceConnectorGroupLifecycle(
      Supplier<ChimeSdkVoiceClient> client,
      Duration callReserve,
      EventualConsistency consistency,
      Sleeper sleeper,
      Consumer<String> log) {
    this.client = client;
    this.callReserve = callReserve;
    this.consistency = consistency;
    this.sleeper = sleeper;
    this.log = log;
  }

  @Override
  public String failedCreatePrefix() {
    return FAILED_CREATE_PREFIX;
  }

  @Override
  public Outcome create(Request request) {
    CustomResourceEvent event = request.event();
    GroupProperties properties = GroupProperties.from(event);
    Parts parts = parts(request.deadline());
    if (request.failedCreate().isPresent()) {
      // An Update on a failed Create: first remove what that Create (the old properties) made.
      GroupProperties failed = GroupProperties.from(event, event.oldResourceProperties());
      cleanUp(parts, failed, request.failedCreate().get());
    }
    return outcome(createWithNumbers(parts, event, properties));
  }

  @Override
  public Outcome update(Request request) {
    CustomResourceEvent event = request.event();
    GroupProperties properties = GroupProperties.from(event);
    String groupId = event.physicalResourceId();
    Parts parts = parts(request.deadline());
    Optional<VoiceConnectorGroup> current = parts.visibility().find(groupId);
    if (current.isEmpty()) {
      log.accept("voice connector group " + groupId + " no longer exists; creating a new one");
      return outcome(createWithNumbers(parts, event, properties));
    }
    VoiceConnectorGroup updated =
        parts
            .visibility()
            .onGroup(
                groupId,
                () -> parts.gateway().update(groupId, properties.name(), properties.items()));
    List<String> oldNumbers = oldPhoneNumbers(event);
    if (oldNumbers != null || properties.phoneNumbers() != null) {
      PhoneNumberPlan plan =
          PhoneNumberPlan.of(
              oldNumbers, properties.phoneNumbers(), parts.gateway().phoneNumbersOf(groupId));
      moveNumbers(parts, groupId, plan, properties.forceAssociate());
    }
    log.accept("updated voice connector group " + groupId);
    return outcome(updated.voiceConnectorGroupArn() == null ? current.get() : updated);
  }

  @Override
  public void delete(Request request) {
    CustomResourceEvent event = request.event();
    deleteGroup(
        parts(request.deadline()),
        event.physicalResourceId(),
        declaredPhoneNumbers(event.resourceProperties(), event));
  }

  @Override
  public void deleteCreatedInDoubt(Request request) {
    cleanUp(
        parts(request.deadline()),
        GroupProperties.from(request.event()),
        request.failedCreate().orElseThrow());
  }

  private Parts parts(Deadline deadline) {
    Waiting waiting = new Waiting(deadline, callReserve, sleeper);
    GroupGateway gateway = new GroupGateway(client.get(), waiting, consistency, log);
    return new Parts(waiting, gateway, new GroupVisibility(gateway, waiting, consistency, log));
  }

  /**
   * Creates the group with its numbers. If a number fails, a Create answers with the group's id so
   * that the Delete that follows removes it; an Update, whose failure keeps the old id, removes the
   * group itself.
   */
  private VoiceConnectorGroup createWithNumbers(
      Parts parts, CustomResourceEvent event, GroupProperties properties) {
    VoiceConnectorGroup group = parts.visibility().create(properties.name(), properties.items());
    String groupId = group.voiceConnectorGroupId();
    try {
      PhoneNumberPlan plan = PhoneNumberPlan.of(null, properties.phoneNumbers(), Set.of());
      moveNumbers(parts, groupId, plan, properties.forceAssociate());
      return group;
    } catch (RuntimeException e) {
      String reason = CustomResourceFailure.reasonOf(e);
      if ("Create".equals(event.requestType())) {
        throw new CustomResourceFailure.CreatedButFailed(
            groupId, reason + " (group " + groupId + " is removed by the Delete that follows)", e);
      }
      try {
        deleteGroup(parts, groupId, properties.phoneNumbers());
      } catch (RuntimeException cleanUpError) {
        e.addSuppressed(cleanUpError);
        throw new CustomResourceFailure.CreatedButFailed(
            groupId,
            reason
                + "; deleting the new group "
                + groupId
                + " failed too ("
                + CustomResourceFailure.reasonOf(cleanUpError)
                + "): delete it by hand if the rollback does not",
            e);
      }
      throw new CustomResourceFailure(reason + " (the new group " + groupId + " was deleted)", e);
    }
  }

  /** Deletes the one group a Create in doubt made; with several candidates, none. */
  private void cleanUp(Parts parts, GroupProperties made, FailedCreate failedCreate) {
    if (!failedCreate.isInDoubt()) {
      return;
    }
    GroupVisibility.Candidates candidates =
        parts
            .visibility()
            .madeBetween(made.name(), made.items(), failedCreate.from(), failedCreate.until());
    switch (candidates.groups().size()) {
      case 0 -> log.accept("the Create in doubt made no group; nothing to delete");
      case 1 -> {
        String groupId = candidates.groups().get(0).voiceConnectorGroupId();
        deleteGroup(parts, groupId, made.phoneNumbers());
        log.accept("group " + groupId + " was made by the Create in doubt");
      }
      default ->
          log.accept(
              "WARNING: "
                  + candidates.groups().size()
                  + " groups named '"
                  + made.name()
                  + "' with the Create's items were made between "
                  + failedCreate.from()
                  + " and "
                  + failedCreate.until()
                  + " ("
                  + candidates.ids()
                  + "); one may be another stack's, so none is deleted: delete the one this stack"
                  + " made by hand");
    }
  }

  /**
   * Takes the group off its items and numbers (those listed and those declared), then deletes it.
   * The lists can lag behind the group, so a delete refused while something remains is tried again,
   * listing anew, until a new group would be visible.
   */
  private void deleteGroup(Parts parts, String groupId, List<String> declaredNumbers) {
    Optional<VoiceConnectorGroup> found = parts.visibility().find(groupId);
    if (found.isEmpty()) {
      log.accept("voice connector group " + groupId + " does not exist; nothing to delete");
      return;
    }
    VoiceConnectorGroup group = found.get();
    try {
      parts
          .visibility()
          .onGroup(
              groupId,
              () ->
                  parts
                      .waiting()
                      .retry(
                          consistency.newGroupVisibility(),
                          consistency.pollInterval(),
                          () -> emptyAndDelete(parts, group, declaredNumbers),
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

  private Void emptyAndDelete(Parts parts, VoiceConnectorGroup group, List<String> declared) {
    String groupId = group.voiceConnectorGroupId();
    if (group.hasVoiceConnectorItems() && !group.voiceConnectorItems().isEmpty()) {
      parts.gateway().update(groupId, group.name(), List.of());
    }
    Set<String> numbers = new LinkedHashSet<>(parts.gateway().phoneNumbersOf(groupId));
    if (declared != null) {
      numbers.addAll(declared);
    }
    if (!numbers.isEmpty()) {
      parts.gateway().disassociate(groupId, List.copyOf(numbers));
    }
    parts.gateway().delete(groupId);
    return null;
  }

  /** Associates, then disassociates; a number refused fails the event, naming it. */
  private void moveNumbers(Parts parts, String groupId, PhoneNumberPlan plan, boolean force) {
    if (!plan.associate().isEmpty()) {
      parts
          .visibility()
          .onGroup(groupId, () -> parts.gateway().associate(groupId, plan.associate(), force));
      log.accept(
          "associated " + plan.associate().size() + " phone number(s) with group " + groupId);
    }
    if (!plan.disassociate().isEmpty()) {
      parts
          .visibility()
          .onGroup(groupId, () -> parts.gateway().disassociate(groupId, plan.disassociate()));
      log.accept(
          "disassociated " + plan.disassociate().size() + " phone number(s) from group " + groupId);
    }
  }

  /** The numbers the previous properties declared, or null; unreadable ones count as none. */
  private static List<String> oldPhoneNumbers(CustomResourceEvent event) {
    return declaredPhoneNumbers(event.oldResourceProperties(), event);
  }

  private static List<String> declaredPhoneNumbers(
      Map<String, Object> properties, CustomResourceEvent event) {
    try {
      return GroupProperties.from(event, properties).phoneNumbers();
    } catch (CustomResourceFailure.InvalidProperties e) {
      return null;
    }
  }

  private static Outcome outcome(VoiceConnectorGroup group) {
    return new Outcome(
        group.voiceConnectorGroupId(),
        Map.of(
            ATTRIBUTE_GROUP_ID, group.voiceConnectorGroupId(),
            ATTRIBUTE_GROUP_ARN, group.voiceConnectorGroupArn()));
  }
}

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
    Invocation invocation = invocation(request.deadline());
    if (request.failedCreate().isPresent()) {
      // An Update on a failed Create: first remove what that Create (the old properties) made.
      GroupProperties failed = GroupProperties.from(event, event.oldResourceProperties());
      cleanUp(invocation, failed, request.failedCreate().get());
    }
    if (properties.adoptedGroupId() != null) {
      return outcome(adopt(invocation, properties));
    }
    return outcome(createWithNumbers(invocation, event, properties));
  }

  @Override
  public Outcome update(Request request) {
    CustomResourceEvent event = request.event();
    GroupProperties properties = GroupProperties.from(event);
    String groupId = event.physicalResourceId();
    Invocation invocation = invocation(request.deadline());
    // What was declared before; only a hint when an older construct wrote what no longer passes.
    Optional<GroupProperties> old = GroupProperties.readable(event, event.oldResourceProperties());
    String adopted = properties.adoptedGroupId();
    if (adopted != null
        && !adopted.equals(groupId)
        && !adopted.equals(old.map(GroupProperties::adoptedGroupId).orElse(null))) {
      // Another group to adopt: a replacement; CloudFormation then deletes or keeps the old one.
      log.accept("adopting group " + adopted + " in place of " + groupId);
      return outcome(adopt(invocation, properties));
    }
    Optional<VoiceConnectorGroup> current = invocation.visibility().find(groupId);
    if (current.isEmpty()) {
      log.accept("voice connector group " + groupId + " no longer exists; creating a new one");
      return outcome(createWithNumbers(invocation, event, properties));
    }
    VoiceConnectorGroup updated = invocation.update(groupId, properties.name(), properties.items());
    List<String> oldNumbers = old.map(GroupProperties::phoneNumbers).orElse(null);
    if (oldNumbers != null || properties.phoneNumbers() != null) {
      PhoneNumberPlan plan =
          PhoneNumberPlan.of(
              oldNumbers, properties.phoneNumbers(), invocation.gateway().phoneNumbersOf(groupId));
      invocation.moveNumbers(groupId, plan, properties.forceAssociate());
    }
    log.accept("updated voice connector group " + groupId);
    return outcome(updated.voiceConnectorGroupArn() == null ? current.get() : updated);
  }

  @Override
  public void delete(Request request) {
    CustomResourceEvent event = request.event();
    GroupDeletion.delete(
        invocation(request.deadline()),
        event.physicalResourceId(),
        GroupProperties.readable(event, event.resourceProperties())
            .map(GroupProperties::phoneNumbers)
            .orElse(null));
  }

  @Override
  public void deleteCreatedInDoubt(Request request) {
    cleanUp(
        invocation(request.deadline()),
        GroupProperties.from(request.event()),
        request.failedCreate().orElseThrow());
  }

  private Invocation invocation(Deadline deadline) {
    return Invocation.of(client.get(), deadline, callReserve, consistency, sleeper, log);
  }

  private VoiceConnectorGroup adopt(Invocation invocation, GroupProperties properties) {
    return new GroupAdoption(invocation).adopt(properties);
  }

  /**
   * Creates the group with its numbers. If a number fails, a Create answers with the group's id so
   * that the Delete that follows removes it; an Update, whose failure keeps the old id, removes the
   * group itself.
   */
  private VoiceConnectorGroup createWithNumbers(
      Invocation invocation, CustomResourceEvent event, GroupProperties properties) {
    VoiceConnectorGroup group =
        invocation.visibility().create(properties.name(), properties.items());
    String groupId = group.voiceConnectorGroupId();
    try {
      PhoneNumberPlan plan = PhoneNumberPlan.of(null, properties.phoneNumbers(), Set.of());
      invocation.moveNumbers(groupId, plan, properties.forceAssociate());
      return group;
    } catch (RuntimeException e) {
      String reason = CustomResourceFailure.reasonOf(e);
      if ("Create".equals(event.requestType())) {
        throw new CustomResourceFailure.CreatedButFailed(
            groupId, reason + " (group " + groupId + " is removed by the Delete that follows)", e);
      }
      try {
        GroupDeletion.delete(invocation, groupId, properties.phoneNumbers());
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
  private void cleanUp(Invocation invocation, GroupProperties made, FailedCreate failedCreate) {
    if (!failedCreate.isInDoubt()) {
      return;
    }
    GroupVisibility.Candidates candidates;
    try {
      candidates =
          invocation
              .visibility()
              .madeBetween(made.name(), made.items(), failedCreate.from(), failedCreate.until());
    } catch (RuntimeException e) {
      throw new CustomResourceFailure(
          CustomResourceFailure.reasonOf(e)
              + "; a group named '"
              + made.name()
              + "' made between "
              + failedCreate.from()
              + " and "
              + failedCreate.until()
              + " may exist: try again, or delete it by hand",
          e);
    }
    switch (candidates.groups().size()) {
      case 0 -> log.accept("the Create in doubt made no group; nothing to delete");
      case 1 -> {
        String groupId = candidates.groups().get(0).voiceConnectorGroupId();
        GroupDeletion.delete(invocation, groupId, made.phoneNumbers());
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

  private static Outcome outcome(VoiceConnectorGroup group) {
    return new Outcome(
        group.voiceConnectorGroupId(),
        Map.of(
            ATTRIBUTE_GROUP_ID, group.voiceConnectorGroupId(),
            ATTRIBUTE_GROUP_ARN, group.voiceConnectorGroupArn()));
  }
}

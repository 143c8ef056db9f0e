package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.Deadline;
import io.github.voiceconnectorgroup.cfn.Sleeper;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;

/**
 * The parts one invocation works with, all bound to its deadline, and what two of them do together:
 * an update that checks a NotFound, and moving numbers.
 *
 * @param waiting its waits
 * @param gateway its calls
 * @param visibility what the service's silence means
 * @param consistency how long the service's and IAM's silences are waited out
 * @param log where the handler's lines go
 */
record Invocation(
    Waiting waiting,
    GroupGateway gateway,
    GroupVisibility visibility,
    EventualConsistency consistency,
    Consumer<String> log) {

  /** Makes the group these, checking a NotFound with {@link GroupVisibility#onGroup}. */
  VoiceConnectorGroup update(
      String groupId, String name, List<VoiceConnectorGroupSpec.Item> items) {
    return visibility.onGroup(groupId, () -> gateway.update(groupId, name, items));
  }

  static Invocation of(
      ChimeSdkVoiceClient client,
      Deadline deadline,
      Duration callReserve,
      EventualConsistency consistency,
      Sleeper sleeper,
      Consumer<String> log) {
    Waiting waiting = new Waiting(deadline, callReserve, sleeper);
    GroupGateway gateway = new GroupGateway(client, waiting, consistency, log);
    return new Invocation(
        waiting,
        gateway,
        new GroupVisibility(gateway, waiting, consistency, log),
        consistency,
        log);
  }

  /** Associates, then disassociates; a number refused fails the event, naming it. */
  void moveNumbers(String groupId, PhoneNumberPlan plan, boolean force) {
    if (!plan.associate().isEmpty()) {
      visibility.onGroup(
          groupId,
          () -> gateway.associate(groupId, plan.associate(), force, plan.alreadyOnTheGroup()));
      log.accept(
          "associated " + plan.associate().size() + " phone number(s) with group " + groupId);
    }
    if (!plan.disassociate().isEmpty()) {
      visibility.onGroup(groupId, () -> gateway.disassociate(groupId, plan.disassociate()));
      log.accept(
          "disassociated " + plan.disassociate().size() + " phone number(s) from group " + groupId);
    }
  }
}

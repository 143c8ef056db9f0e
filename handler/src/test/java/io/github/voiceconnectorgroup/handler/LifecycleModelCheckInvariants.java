package io.github.voiceconnectorgroup.handler;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckCloudFormation.Delivery;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckCloudFormation.Exchange;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Declared;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Fault;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must hold of a stack's life, checked against the stand-in's real state (its accessors, not
 * the lagging API). Violations are collected, not thrown, so a failing seed reports them all.
 *
 * <ul>
 *   <li>Each delivery gets exactly one accepted answer (none when its PUT was refused); a second
 *       delivery of the same event gets the same answer and makes no API call.
 *   <li>Answers copy the request's ids; a Delete answers with the id it was sent.
 *   <li>Every request answers SUCCESS: each injected fault is one the handler can ride out (but for
 *       the two cases {@link #mayFail} names).
 *   <li>After a SUCCESS Create or Update, the answered group has exactly the declared name and
 *       items, and, when numbers are declared, exactly those; after a SUCCESS Delete the group is
 *       gone.
 *   <li>At the end no group of the stack is left (but those only a lost answer named), none of its
 *       numbers is associated, and the other stack's groups and numbers are as they were.
 * </ul>
 */
final class LifecycleModelCheckInvariants {

  private final ChimeSdkVoiceStandIn service;
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Group> otherGroups = new LinkedHashMap<>();
  private final Map<String, List<String>> otherNumbers = new LinkedHashMap<>();

  LifecycleModelCheckInvariants(ChimeSdkVoiceStandIn service) {
    this.service = service;
  }

  List<String> violations() {
    return violations;
  }

  /** Remembers another stack's group, with its numbers, to check it is untouched at the end. */
  void otherStacksGroup(String groupId) {
    otherGroups.put(groupId, service.group(groupId).orElseThrow());
    otherNumbers.put(groupId, service.phoneNumbers(groupId));
  }

  boolean isOtherStacks(String groupId) {
    return otherGroups.containsKey(groupId);
  }

  /**
   * Checks one exchange as soon as it is over.
   *
   * @param orphaned groups only a lost answer named, so far
   */
  void afterExchange(Exchange exchange, Set<String> orphaned) {
    String label = exchange.label();
    byte[] first = null;
    for (int i = 0; i < exchange.deliveries().size(); i++) {
      Delivery delivery = exchange.deliveries().get(i);
      String which = i == 0 ? label : label + " (second delivery)";
      if (delivery.puts().isEmpty()) {
        violations.add(which + ": no response PUT at all");
        continue;
      }
      first = first == null ? delivery.puts().get(0) : first;
      for (byte[] put : delivery.puts()) {
        if (!Arrays.equals(put, first)) {
          violations.add(
              which
                  + ": answered "
                  + new String(put, java.nio.charset.StandardCharsets.UTF_8)
                  + " after "
                  + new String(first, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      boolean lost =
          i == 0
              && exchange.faults().answer() != null
              && exchange.faults().answer().losesTheAnswer();
      int expected = lost ? 0 : 1;
      if (delivery.accepted() != expected) {
        violations.add(
            which + ": " + delivery.accepted() + " accepted answers, expected " + expected);
      }
      if (i > 0 && delivery.apiCalls() != 0) {
        violations.add(which + ": made " + delivery.apiCalls() + " API calls, expected none");
      }
    }
    Map<String, Object> answer = exchange.decision();
    if (answer == null) {
      return;
    }
    for (String copied : List.of("RequestId", "StackId", "LogicalResourceId")) {
      if (!String.valueOf(exchange.event().get(copied)).equals(answer.get(copied))) {
        violations.add(label + ": answer's " + copied + " is " + answer.get(copied));
      }
    }
    String id = exchange.answeredId();
    if (id == null || id.isEmpty()) {
      violations.add(label + ": answer has no PhysicalResourceId");
      return;
    }
    boolean delete = "Delete".equals(exchange.requestType());
    if (delete && !id.equals(exchange.sentPhysicalId())) {
      violations.add(label + ": Delete answered " + id + " for " + exchange.sentPhysicalId());
    }
    if (!exchange.succeeded()) {
      if (!mayFail(exchange, orphaned)) {
        violations.add(label + ": answered FAILED: " + answer.get("Reason"));
      }
      return;
    }
    if (delete) {
      if (service.group(exchange.sentPhysicalId()).isPresent()) {
        violations.add(label + ": SUCCESS, but group " + exchange.sentPhysicalId() + " remains");
      }
      return;
    }
    checkGroup(label, id, exchange.declared());
  }

  /**
   * The two ways a request may fail though each of its faults alone is one the handler rides out:
   * an Update that re-creates a group deleted out of band does so after the 60 s look for it, so a
   * fault on that create (65 s to judge, 75 s to try again) takes it past the 180 s timeout; and a
   * group only a lost answer named still holds numbers the stack declares, which the handler
   * rightly refuses to take without ForceAssociate.
   */
  private static boolean mayFail(Exchange exchange, Set<String> orphaned) {
    String reason = String.valueOf(exchange.decision().get("Reason"));
    boolean createFaulted =
        exchange.faults().service().stream()
            .anyMatch(fault -> fault.operation() == Operation.CREATE_VOICE_CONNECTOR_GROUP);
    boolean inDoubt =
        exchange.faults().service().stream().anyMatch(Fault.CreateInDoubt.class::isInstance);
    return inDoubt
        || ("Update".equals(exchange.requestType()) && createFaulted)
        || orphaned.stream().anyMatch(reason::contains);
  }

  private void checkGroup(String label, String id, Declared declared) {
    Optional<Group> group = service.group(id);
    if (group.isEmpty()) {
      violations.add(label + ": SUCCESS with " + id + ", which is no group");
      return;
    }
    if (!declared.name().equals(group.get().name())) {
      violations.add(label + ": group " + id + " is named '" + group.get().name() + "'");
    }
    if (!declared.items().equals(group.get().items())) {
      violations.add(
          label
              + ": group "
              + id
              + " has items "
              + group.get().items()
              + ", declared "
              + declared.items());
    }
    if (declared.numbers() != null) {
      Set<String> actual = new TreeSet<>(service.phoneNumbers(id));
      if (!actual.equals(new TreeSet<>(declared.numbers()))) {
        violations.add(
            label
                + ": group "
                + id
                + " has numbers "
                + actual
                + ", declared "
                + declared.numbers());
      }
    }
  }

  /** At the end of the stack's life. */
  void atEnd(Set<String> orphanedByLostAnswers) {
    for (Group group : service.groups()) {
      if (!otherGroups.containsKey(group.id()) && !orphanedByLostAnswers.contains(group.id())) {
        violations.add(
            "left behind: group "
                + group.id()
                + " '"
                + group.name()
                + "' "
                + group.items()
                + " with numbers "
                + service.phoneNumbers(group.id()));
      }
    }
    otherGroups.forEach(
        (id, before) -> {
          Optional<Group> now = service.group(id);
          if (!now.equals(Optional.of(before))) {
            violations.add("another stack's group changed: " + before + " is now " + now);
          }
          if (!service.phoneNumbers(id).equals(otherNumbers.get(id))) {
            violations.add(
                "another stack's group "
                    + id
                    + " had numbers "
                    + otherNumbers.get(id)
                    + ", now "
                    + service.phoneNumbers(id));
          }
        });
    for (String number : LifecycleModelCheckSteps.OUR_NUMBERS) {
      service
          .association(number)
          .filter(association -> !orphanedByLostAnswers.contains(association.value()))
          .ifPresent(
              association -> violations.add("number " + number + " still on " + association));
    }
  }

  static Map<String, Object> json(byte[] body) {
    try {
      return JSON.std.mapFrom(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.FailedCreate;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Declared;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.FailedUpdateId;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Fault;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Plan;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.RequestFaults;
import io.github.voiceconnectorgroup.handler.LifecycleModelCheckSteps.Step;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * CloudFormation's side of one stack, as a model: it sends the plan's Create, Updates and Delete to
 * the handler and the follow-ups CloudFormation sends on its own, and records every exchange.
 *
 * <ul>
 *   <li>After a FAILED Create: the Delete with the FAILED answer's PhysicalResourceId; the stack is
 *       then rolled back and nothing more is sent.
 *   <li>After a FAILED Update: the rollback Update with the properties swapped, to the id the
 *       sequence's {@link FailedUpdateId} says CloudFormation keeps.
 *   <li>After a SUCCESS Update (forward or rollback) that answered another id than it was sent: the
 *       clean-up Delete of the id it was sent, with the Update's old properties.
 *   <li>At the end: the stack's Delete of the current id with the current properties; a Delete that
 *       did not succeed is sent once more (the user deletes the stack again), with a new RequestId.
 * </ul>
 *
 * A lost answer (the response PUT refused, and not delivered by a duplicate either) is modelled as
 * CloudFormation waiting out the ServiceTimeout and going on as if the request had FAILED, knowing
 * no physical id from it: a Create is followed by a Delete of an id CloudFormation makes up, an
 * Update by the rollback to the previous id. A group whose id only such a lost answer carried is
 * one CloudFormation never learns of: it is recorded as orphaned by the protocol, not by the
 * handler.
 */
final class LifecycleModelCheckCloudFormation {

  /** The id CloudFormation's Delete carries after a Create it never heard back from. */
  static final String TIMED_OUT_CREATE_ID_PREFIX = "Group-CreateTimedOut-";

  /**
   * One delivery of an event to the function.
   *
   * @param puts the bodies of every response PUT attempt it made, in order
   * @param accepted how many of those the ResponseURL accepted
   * @param apiCalls how many Chime SDK Voice requests it made
   */
  record Delivery(List<byte[]> puts, int accepted, int apiCalls) {}

  /**
   * One CloudFormation request and what came of it.
   *
   * @param label what CloudFormation sent it for
   * @param event the event, as delivered (each delivery the same map)
   * @param declared what its ResourceProperties declare
   * @param faults the faults it met
   * @param deliveries one, or two for an event Lambda delivered twice
   */
  record Exchange(
      String label,
      Map<String, Object> event,
      Declared declared,
      RequestFaults faults,
      List<Delivery> deliveries) {

    String requestType() {
      return (String) event.get("RequestType");
    }

    String sentPhysicalId() {
      return (String) event.get("PhysicalResourceId");
    }

    /** The answer the handler decided on (the body of its first PUT), or null if it sent none. */
    Map<String, Object> decision() {
      List<byte[]> puts = deliveries.get(0).puts();
      return puts.isEmpty() ? null : LifecycleModelCheckInvariants.json(puts.get(0));
    }

    boolean succeeded() {
      return decision() != null && "SUCCESS".equals(decision().get("Status"));
    }

    String answeredId() {
      return decision() == null ? null : (String) decision().get("PhysicalResourceId");
    }

    /** Whether CloudFormation got an answer: some delivery's PUT was accepted. */
    boolean heard() {
      return deliveries.stream().anyMatch(delivery -> delivery.accepted() > 0);
    }

    @Override
    public String toString() {
      String outcome =
          decision() == null
              ? "no answer"
              : decision().get("Status")
                  + " "
                  + answeredId()
                  + (succeeded() ? "" : " (" + decision().get("Reason") + ")");
      return label
          + ": "
          + requestType()
          + (sentPhysicalId() == null ? "" : " of " + sentPhysicalId())
          + " "
          + declared
          + " {"
          + faults
          + "} -> "
          + outcome
          + (heard() ? "" : " [answer lost: CloudFormation times out]");
    }
  }

  private final HandlerHarness harness;
  private final Random random;
  private final Plan plan;
  private final LifecycleModelCheckInvariants invariants;
  private final List<String> trace = new ArrayList<>();
  private final Set<String> orphaned = new LinkedHashSet<>();
  private String currentId;
  private Declared current;

  LifecycleModelCheckCloudFormation(
      HandlerHarness harness, Random random, Plan plan, LifecycleModelCheckInvariants invariants) {
    this.harness = harness;
    this.random = random;
    this.plan = plan;
    this.invariants = invariants;
  }

  /** Every exchange and out-of-band act so far, one a line. */
  List<String> trace() {
    return trace;
  }

  /** Groups only a lost answer named: CloudFormation cannot know of them. */
  Set<String> orphanedByLostAnswers() {
    return orphaned;
  }

  /** Runs the whole stack's life. */
  void run() {
    trace.add("CloudFormation keeps after a FAILED Update: " + plan.failedUpdateId());
    Exchange created =
        send(
            "Create",
            harness.createEvent(plan.create().properties()),
            plan.create(),
            draw("Create"));
    if (!(created.heard() && created.succeeded())) {
      String id =
          created.heard()
              ? created.answeredId()
              : TIMED_OUT_CREATE_ID_PREFIX + created.event().get("RequestId");
      deleteUntilDone("rollback of the failed Create", id, plan.create());
      return;
    }
    currentId = created.answeredId();
    current = plan.create();
    for (int i = 0; i < plan.updates().size(); i++) {
      update("Update " + (i + 1), plan.updates().get(i));
    }
    if (plan.deleteOutOfBandBeforeStackDelete()) {
      outOfBandDelete();
    }
    deleteUntilDone("stack Delete", currentId, current);
  }

  private void update(String label, Step step) {
    if (step.outOfBandDeleteBefore()) {
      outOfBandDelete();
    }
    Declared previous = current;
    String previousId = currentId;
    Exchange updated =
        send(
            label,
            harness.updateEvent(previousId, step.declared().properties(), previous.properties()),
            step.declared(),
            draw("Update"));
    if (updated.heard() && updated.succeeded()) {
      currentId = updated.answeredId();
      current = step.declared();
      cleanUpReplaced(label, updated, previous);
      return;
    }
    String rollbackId = previousId;
    if (plan.failedUpdateId() == FailedUpdateId.TAKE_MARKER
        && updated.heard()
        && updated.answeredId() != null
        && updated.answeredId().startsWith(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX)) {
      rollbackId = updated.answeredId();
    }
    Exchange rolledBack =
        send(
            "rollback of " + label,
            harness.updateEvent(rollbackId, previous.properties(), step.declared().properties()),
            previous,
            draw("Update"));
    currentId = rollbackId;
    current = previous;
    if (rolledBack.heard() && rolledBack.succeeded()) {
      currentId = rolledBack.answeredId();
      cleanUpReplaced("rollback of " + label, rolledBack, step.declared());
    }
    // A rollback that failed leaves UPDATE_ROLLBACK_FAILED; the stack is deleted at the end.
  }

  /** The clean-up Delete of the id an Update replaced, with the Update's old properties. */
  private void cleanUpReplaced(String label, Exchange updated, Declared old) {
    if (!updated.answeredId().equals(updated.sentPhysicalId())) {
      send(
          "clean-up after " + label,
          harness.deleteEvent(updated.sentPhysicalId(), old.properties()),
          old,
          draw("Delete"));
    }
  }

  private void deleteUntilDone(String label, String id, Declared declared) {
    Exchange deleted =
        send(label, harness.deleteEvent(id, declared.properties()), declared, draw("Delete"));
    if (!(deleted.heard() && deleted.succeeded())) {
      send(
          label + ", again",
          harness.deleteEvent(id, declared.properties()),
          declared,
          RequestFaults.NONE);
    }
  }

  private void outOfBandDelete() {
    boolean existed = harness.service.deleteGroupOutOfBand(currentId);
    trace.add("out of band: group " + currentId + " deleted (existed: " + existed + ")");
  }

  private RequestFaults draw(String requestType) {
    return RequestFaults.draw(random, requestType);
  }

  /** Sends one request (twice when Lambda delivers it twice) with its faults, and records it. */
  private Exchange send(
      String label, Map<String, Object> event, Declared declared, RequestFaults faults) {
    // CloudFormation moves on to the next request seconds after the last one.
    harness.manualClock().advance(Duration.ofSeconds(1 + random.nextInt(30)));
    for (Fault fault : faults.service()) {
      fault.inject(harness.service);
    }
    if (faults.answer() != null) {
      faults.answer().inject(harness.responseUrl);
    }
    List<Delivery> deliveries = new ArrayList<>();
    deliveries.add(deliver(event));
    harness.service.clearFaults();
    harness.service.setGetLag(Duration.ZERO);
    harness.service.setListLag(Duration.ZERO);
    harness.service.setPhoneNumberListLag(Duration.ZERO);
    if (faults.duplicated()) {
      deliveries.add(deliver(event));
    }
    Exchange exchange = new Exchange(label, event, declared, faults, List.copyOf(deliveries));
    trace.add(exchange.toString());
    if (!exchange.heard() && exchange.answeredId() != null && !knownToCloudFormation(exchange)) {
      orphan(exchange.answeredId());
    }
    invariants.afterExchange(exchange, orphaned);
    return exchange;
  }

  /**
   * Records the groups a lost answer named: its group, or for a marker of a create in doubt, the
   * groups made in its window (give or take the handler's clock skew) that no other stack has.
   */
  private void orphan(String answeredId) {
    if (harness.service.group(answeredId).isPresent()) {
      orphaned.add(answeredId);
      trace.add("  group " + answeredId + " is known only to the lost answer");
      return;
    }
    FailedCreate.parse(VoiceConnectorGroupLifecycle.FAILED_CREATE_PREFIX, answeredId)
        .filter(FailedCreate::isInDoubt)
        .ifPresent(
            doubt ->
                harness.service.groups().stream()
                    .filter(group -> !invariants.isOtherStacks(group.id()))
                    .filter(
                        group ->
                            !group
                                    .createdTimestamp()
                                    .isBefore(doubt.from().minus(GroupVisibility.CLOCK_SKEW))
                                && !group
                                    .createdTimestamp()
                                    .isAfter(doubt.until().plus(GroupVisibility.CLOCK_SKEW)))
                    .forEach(
                        group -> {
                          orphaned.add(group.id());
                          trace.add(
                              "  group "
                                  + group.id()
                                  + " is known only to the lost answer's marker");
                        }));
  }

  private boolean knownToCloudFormation(Exchange exchange) {
    return exchange.answeredId().equals(exchange.sentPhysicalId())
        || exchange.answeredId().equals(currentId);
  }

  private Delivery deliver(Map<String, Object> event) {
    int putsBefore = harness.responseUrl.requests().size();
    int callsBefore = harness.service.requests().size();
    harness.invokeRaw(HandlerHarness.json(event), HandlerHarness.TIMEOUT);
    List<RecordedRequest> puts = harness.responseUrl.requests();
    puts = puts.subList(putsBefore, puts.size());
    return new Delivery(
        puts.stream().map(put -> Arrays.copyOf(put.body(), put.body().length)).toList(),
        (int) puts.stream().filter(RecordedRequest::accepted).count(),
        harness.service.requests().size() - callsBefore);
  }
}

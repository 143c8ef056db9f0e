package io.github.voiceconnectorgroup.handler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which numbers an event moves, decided from what was declared, what is declared now and what the
 * service lists for the group. The stack manages the numbers it declares or declared before (old ∪
 * new): so the rollback of an update that associated some of its numbers and failed on the next
 * takes the first ones off again, and a number associated by hand that the stack never declared is
 * left alone.
 *
 * <p>A list that lags behind may still show a number taken off a moment ago, so a listed number is
 * left out of the associations only when the stack declared it before as well; one associated again
 * while it is on the group is refused at worst as associated already, which {@link
 * #alreadyOnTheGroup} tells apart from a real refusal.
 *
 * @param associate numbers to associate with the group
 * @param disassociate numbers to take off the group; one that is not on it counts as done, so a
 *     list that lags behind cannot leave one behind
 * @param alreadyOnTheGroup the numbers listed for the group: a refusal of one of them as associated
 *     already is not a failure
 */
record PhoneNumberPlan(
    List<String> associate, List<String> disassociate, Set<String> alreadyOnTheGroup) {

  /**
   * The plan for an event.
   *
   * @param oldDeclared the numbers declared before, or {@code null} when none were managed
   * @param newDeclared the numbers declared now, or {@code null} when none are managed
   * @param listed the numbers the service lists for the group
   */
  static PhoneNumberPlan of(
      List<String> oldDeclared, List<String> newDeclared, Set<String> listed) {
    Set<String> wanted = newDeclared == null ? Set.of() : new LinkedHashSet<>(newDeclared);
    Set<String> associate = new LinkedHashSet<>(wanted);
    Set<String> known = new LinkedHashSet<>(listed);
    known.retainAll(oldDeclared == null ? List.of() : oldDeclared);
    associate.removeAll(known);
    Set<String> disassociate = new LinkedHashSet<>(oldDeclared == null ? List.of() : oldDeclared);
    disassociate.removeAll(wanted);
    return new PhoneNumberPlan(
        List.copyOf(associate), List.copyOf(disassociate), Set.copyOf(listed));
  }

  /** Whether the plan moves nothing. */
  boolean isEmpty() {
    return associate.isEmpty() && disassociate.isEmpty();
  }
}

package io.github.voiceconnectorgroup.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A voice connector group as declared, before its rules are checked: values may be missing or out
 * of range here, and may be unresolved CDK tokens on the construct's side.
 *
 * @param name the group's name
 * @param items the voice connector items, in the order declared; an element may be {@code null}
 * @param phoneNumbers the phone numbers the group owns, or {@code null} when it manages none
 */
public record VoiceConnectorGroupSpec(String name, List<Item> items, List<String> phoneNumbers) {

  /**
   * One voice connector of the group.
   *
   * @param voiceConnectorId the voice connector's id
   * @param priority 1 (highest) to 99
   */
  public record Item(String voiceConnectorId, int priority) {}

  /**
   * Copies the lists, keeping {@code null} elements so that the rules can report them by index.
   *
   * @param name the group's name
   * @param items the voice connector items
   * @param phoneNumbers the phone numbers, or {@code null}
   */
  public VoiceConnectorGroupSpec {
    items = items == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(items));
    phoneNumbers =
        phoneNumbers == null ? null : Collections.unmodifiableList(new ArrayList<>(phoneNumbers));
  }
}

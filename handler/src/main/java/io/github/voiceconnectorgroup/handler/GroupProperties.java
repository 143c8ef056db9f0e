package io.github.voiceconnectorgroup.handler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validated ResourceProperties of a voice connector group. CloudFormation delivers every value as a
 * string, so {@code Priority} is accepted as {@code "1"} as well as {@code 1}.
 *
 * @param name the group's name
 * @param items the voice connector items, in the order given
 */
record GroupProperties(String name, List<Item> items) {

  static final int MAX_NAME_LENGTH = 256;
  static final int MAX_ITEMS = 3;
  static final int MIN_PRIORITY = 1;
  static final int MAX_PRIORITY = 99;
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9 _.-]+");

  /**
   * One voice connector in the group.
   *
   * @param voiceConnectorId the voice connector's id
   * @param priority 1 (highest) to 99
   */
  record Item(String voiceConnectorId, int priority) {}

  GroupProperties {
    items = List.copyOf(items);
  }

  /** Validates the properties as the service would, before any API call. */
  static GroupProperties from(Map<String, Object> properties) {
    return new GroupProperties(
        name(properties.get("Name")), items(properties.get("VoiceConnectorItems")));
  }

  private static String name(Object value) {
    String allowed =
        "allowed: 1-" + MAX_NAME_LENGTH + " characters matching " + NAME_PATTERN.pattern();
    if (!(value instanceof String name)) {
      throw new InvalidPropertiesException(
          "Name is " + (value == null ? "missing" : "not a string: " + value) + "; " + allowed);
    }
    if (name.isEmpty()
        || name.length() > MAX_NAME_LENGTH
        || !NAME_PATTERN.matcher(name).matches()) {
      throw new InvalidPropertiesException(
          "Name '" + name + "' (" + name.length() + " characters) is invalid; " + allowed);
    }
    return name;
  }

  private static List<Item> items(Object value) {
    if (value == null || "".equals(value)) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidPropertiesException(
          "VoiceConnectorItems '"
              + value
              + "' is not a list; allowed: a list of up to "
              + MAX_ITEMS
              + " {VoiceConnectorId, Priority} objects");
    }
    if (list.size() > MAX_ITEMS) {
      throw new InvalidPropertiesException(
          "VoiceConnectorItems has " + list.size() + " items; allowed: at most " + MAX_ITEMS);
    }
    List<Item> items = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "VoiceConnectorItems[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> item)) {
        throw new InvalidPropertiesException(
            field
                + " '"
                + list.get(i)
                + "' is not an object; allowed: {VoiceConnectorId, Priority}");
      }
      Object id = item.get("VoiceConnectorId");
      if (!(id instanceof String connectorId) || connectorId.isBlank()) {
        throw new InvalidPropertiesException(
            field
                + ".VoiceConnectorId '"
                + (id == null ? "" : id)
                + "' is invalid; allowed: a non-blank voice connector id");
      }
      if (!seen.add(connectorId)) {
        throw new InvalidPropertiesException(
            field
                + ".VoiceConnectorId '"
                + connectorId
                + "' appears more than once; allowed: each voice connector once per group");
      }
      items.add(new Item(connectorId, priority(field + ".Priority", item.get("Priority"))));
    }
    return items;
  }

  private static int priority(String field, Object value) {
    String allowed = "allowed: an integer from " + MIN_PRIORITY + " to " + MAX_PRIORITY;
    int priority;
    if (value instanceof Integer number) {
      priority = number;
    } else if (value instanceof String text && text.trim().matches("[+-]?\\d{1,9}")) {
      priority = Integer.parseInt(text.trim());
    } else {
      throw new InvalidPropertiesException(
          field + " '" + (value == null ? "" : value) + "' is not an integer; " + allowed);
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new InvalidPropertiesException(field + " '" + value + "' is out of range; " + allowed);
    }
    return priority;
  }
}

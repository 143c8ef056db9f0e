package io.github.voiceconnectorgroup.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules a voice connector group's properties follow, checked by the construct at synth time and
 * by the handler before any API call. Every violation reads {@code <where>: <field> <value given>;
 * allowed: <what>}.
 */
public final class VoiceConnectorGroupRules {

  /** The longest name the service allows. */
  public static final int MAX_NAME_LENGTH = 256;

  /** The characters a name may hold (the API model's pattern). */
  public static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9 _.-]+");

  /**
   * The fewest items a group may have. The API accepts a group with none, but it routes no calls,
   * and the handler may create groups only naming this account's voice connectors (IAM scopes
   * CreateVoiceConnectorGroup to them; a request without connectors is checked against {@code *}).
   */
  public static final int MIN_ITEMS = 1;

  /** The most items the service allows in a group. */
  public static final int MAX_ITEMS = 3;

  /** The highest priority. */
  public static final int MIN_PRIORITY = 1;

  /** The lowest priority. */
  public static final int MAX_PRIORITY = 99;

  /**
   * How many groups an account may hold unless its quota was raised (Amazon Chime SDK administrator
   * guide, voice connector groups).
   */
  public static final int DEFAULT_ACCOUNT_GROUP_QUOTA = 3;

  /** An E.164 phone number as the API model's {@code E164PhoneNumber} accepts it. */
  public static final Pattern E164_PHONE_NUMBER = Pattern.compile("^\\+?[1-9]\\d{1,14}$");

  /** What a name may be. */
  public static final String ALLOWED_NAME =
      "1 to " + MAX_NAME_LENGTH + " characters of " + NAME_PATTERN.pattern();

  /** How many items a group needs, and why at least one. */
  public static final String ALLOWED_TOO_FEW_ITEMS =
      MIN_ITEMS
          + " to "
          + MAX_ITEMS
          + " items (a group routes calls only to its voice connectors, and the handler may create"
          + " groups only naming this account's voice connectors)";

  /** How many items a group may have, and why no more. */
  public static final String ALLOWED_TOO_MANY_ITEMS =
      MIN_ITEMS + " to " + MAX_ITEMS + " items (the service's limit per group)";

  /** What each element of the items must be. */
  public static final String ALLOWED_ITEM = "a voice connector item";

  /** What a voice connector id may be. */
  public static final String ALLOWED_CONNECTOR_ID = "a voice connector id, not blank";

  /** How often a voice connector may appear in a group. */
  public static final String ALLOWED_UNIQUE_CONNECTOR = "each voice connector once per group";

  /** What a priority may be. */
  public static final String ALLOWED_PRIORITY =
      "an integer from " + MIN_PRIORITY + " (highest) to " + MAX_PRIORITY;

  /** What a phone number may be. */
  public static final String ALLOWED_PHONE_NUMBER =
      "an E.164 number matching " + E164_PHONE_NUMBER.pattern() + ", e.g. +12065550100";

  /** How often a phone number may appear. */
  public static final String ALLOWED_UNIQUE_PHONE_NUMBER =
      "each phone number once (+12065550100 and 12065550100 are one number)";

  /** What the id of a group to adopt may be. */
  public static final String ALLOWED_ADOPTED_GROUP_ID =
      "the id of an existing voice connector group, e.g. obmgetfdqcrknrlxfld2s (not blank, no"
          + " spaces)";

  private static final Pattern GROUP_ID = Pattern.compile("\\S+");

  private static final int MAX_VALUE_SHOWN = 64;

  /**
   * How a side names the fields in its messages: the construct by its props, the handler by the
   * template's property names.
   *
   * @param name the name field
   * @param items the items field
   * @param voiceConnectorId an item's voice connector id field
   * @param priority an item's priority field
   * @param phoneNumbers the phone numbers field
   */
  public record Naming(
      String name, String items, String voiceConnectorId, String priority, String phoneNumbers) {

    /** The construct's property names. */
    public static final Naming PROPS =
        new Naming("name", "voiceConnectorItems", "voiceConnectorId", "priority", "phoneNumbers");

    /** The custom resource's property names, as CloudFormation sends them to the handler. */
    public static final Naming TEMPLATE =
        new Naming(
            VoiceConnectorGroupContract.NAME,
            VoiceConnectorGroupContract.VOICE_CONNECTOR_ITEMS,
            VoiceConnectorGroupContract.VOICE_CONNECTOR_ID,
            VoiceConnectorGroupContract.PRIORITY,
            VoiceConnectorGroupContract.PHONE_NUMBERS);

    /**
     * The field of one item.
     *
     * @param index the item's index
     * @param member the item's member, e.g. {@link #priority()}
     * @return e.g. {@code voiceConnectorItems[1].priority}
     */
    public String item(int index, String member) {
      return items + "[" + index + "]" + (member.isEmpty() ? "" : "." + member);
    }
  }

  private VoiceConnectorGroupRules() {}

  /**
   * Checks every rule and reports every violation.
   *
   * @param where who declared the group (a construct path, a logical id)
   * @param spec the declared group
   * @param naming how fields are named in the messages
   * @param isUnresolved whether a string is not known yet (a CDK token): its checks are skipped
   * @return one message per violation, empty when the group is valid
   */
  public static List<String> violations(
      String where, VoiceConnectorGroupSpec spec, Naming naming, Predicate<String> isUnresolved) {
    List<String> violations = new ArrayList<>();
    checkName(where, spec.name(), naming, isUnresolved, violations);
    checkItems(where, spec.items(), naming, isUnresolved, violations);
    if (spec.phoneNumbers() != null) {
      violations.addAll(phoneNumberViolations(where, spec.phoneNumbers(), naming, isUnresolved));
    }
    return violations;
  }

  /**
   * Checks the phone number rules alone, for numbers declared after the rest of the group.
   *
   * @param where who declared the numbers
   * @param numbers the numbers; an element may be {@code null}
   * @param naming how fields are named in the messages
   * @param isUnresolved whether a string is not known yet: its checks are skipped
   * @return one message per violation
   */
  public static List<String> phoneNumberViolations(
      String where, List<String> numbers, Naming naming, Predicate<String> isUnresolved) {
    List<String> violations = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < numbers.size(); i++) {
      String number = numbers.get(i);
      String field = naming.phoneNumbers() + "[" + i + "]";
      if (number != null && isUnresolved.test(number)) {
        continue;
      }
      if (number == null || !E164_PHONE_NUMBER.matcher(number).matches()) {
        violations.add(violation(where, field, number, ALLOWED_PHONE_NUMBER));
      } else if (!seen.add(canonicalPhoneNumber(number))) {
        violations.add(violation(where, field, number, ALLOWED_UNIQUE_PHONE_NUMBER));
      }
    }
    return violations;
  }

  /**
   * Checks the id of a group to adopt.
   *
   * @param where who declared it
   * @param field the field's name, as the side names it
   * @param groupId the id; {@code null} is a violation (check only an id that was given)
   * @param isUnresolved whether a string is not known yet: its checks are skipped
   * @return one message per violation
   */
  public static List<String> adoptedGroupIdViolations(
      String where, String field, String groupId, Predicate<String> isUnresolved) {
    if (groupId != null && isUnresolved.test(groupId)) {
      return List.of();
    }
    if (groupId == null || !GROUP_ID.matcher(groupId).matches()) {
      return List.of(violation(where, field, groupId, ALLOWED_ADOPTED_GROUP_ID));
    }
    return List.of();
  }

  /**
   * A valid number as the service lists it, with its {@code +}: {@code 12065550100} and {@code
   * +12065550100} are one number.
   *
   * @param number a number matching {@link #E164_PHONE_NUMBER}
   * @return the number with a leading {@code +}
   */
  public static String canonicalPhoneNumber(String number) {
    return number.startsWith("+") ? number : "+" + number;
  }

  /**
   * One violation in the shared format.
   *
   * @param where who declared the value
   * @param field the field's name
   * @param value the value given ({@code null} when missing)
   * @param allowed what is allowed
   * @return {@code <where>: <field> <value given>; allowed: <what>}
   */
  public static String violation(String where, String field, Object value, String allowed) {
    return where + ": " + field + " " + show(value) + "; allowed: " + allowed;
  }

  private static void checkName(
      String where,
      String name,
      Naming naming,
      Predicate<String> isUnresolved,
      List<String> violations) {
    if (name != null && isUnresolved.test(name)) {
      return;
    }
    if (name == null || name.length() > MAX_NAME_LENGTH || !NAME_PATTERN.matcher(name).matches()) {
      violations.add(violation(where, naming.name(), name, ALLOWED_NAME));
    }
  }

  private static void checkItems(
      String where,
      List<VoiceConnectorGroupSpec.Item> items,
      Naming naming,
      Predicate<String> isUnresolved,
      List<String> violations) {
    if (items.size() < MIN_ITEMS) {
      violations.add(
          violation(where, naming.items(), new Count(items.size()), ALLOWED_TOO_FEW_ITEMS));
    } else if (items.size() > MAX_ITEMS) {
      violations.add(
          violation(where, naming.items(), new Count(items.size()), ALLOWED_TOO_MANY_ITEMS));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      VoiceConnectorGroupSpec.Item item = items.get(i);
      if (item == null) {
        violations.add(violation(where, naming.item(i, ""), null, ALLOWED_ITEM));
        continue;
      }
      if (item.priority() < MIN_PRIORITY || item.priority() > MAX_PRIORITY) {
        violations.add(
            violation(where, naming.item(i, naming.priority()), item.priority(), ALLOWED_PRIORITY));
      }
      String id = item.voiceConnectorId();
      String idField = naming.item(i, naming.voiceConnectorId());
      if (id != null && isUnresolved.test(id)) {
        continue;
      }
      if (id == null || id.isBlank()) {
        violations.add(violation(where, idField, id, ALLOWED_CONNECTOR_ID));
      } else if (!seen.add(id)) {
        violations.add(violation(where, idField, id, ALLOWED_UNIQUE_CONNECTOR));
      }
    }
  }

  /** A list's size, shown as such rather than as the list. */
  private record Count(int size) {
    @Override
    public String toString() {
      return "of " + size + " items";
    }
  }

  private static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (!(value instanceof String text)) {
      return String.valueOf(value);
    }
    return text.length() <= MAX_VALUE_SHOWN
        ? "'" + text + "'"
        : "'" + text.substring(0, MAX_VALUE_SHOWN - 3) + "...' (" + text.length() + " characters)";
  }
}

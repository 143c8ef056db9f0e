package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.FORCE_ASSOCIATE;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.NAME;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.PHONE_NUMBERS;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.PRIORITY;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.VOICE_CONNECTOR_ID;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.VOICE_CONNECTOR_ITEMS;

import io.github.voiceconnectorgroup.cfn.CustomResourceEvent;
import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules.Naming;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A custom resource event's properties, turned from CloudFormation's strings into values and
 * checked against the contract's rules before any API call.
 *
 * @param name the group's name
 * @param items the voice connector items, in the order given
 * @param phoneNumbers the numbers the group owns, each with its {@code +}, or {@code null} when the
 *     group manages none
 * @param forceAssociate whether numbers are taken from wherever they are associated
 * @param adoptedGroupId the existing group a Create adopts, or {@code null} to create one
 */
record GroupProperties(
    String name,
    List<VoiceConnectorGroupSpec.Item> items,
    List<String> phoneNumbers,
    boolean forceAssociate,
    String adoptedGroupId) {

  private static final String ALLOWED_ITEMS =
      "a list of {" + VOICE_CONNECTOR_ID + ", " + PRIORITY + "} objects";
  private static final String ALLOWED_PHONE_NUMBERS = "a list of E.164 phone numbers";
  private static final String ALLOWED_BOOLEAN = "true or false";
  private static final Pattern DECIMAL_INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,8})");

  /** CloudFormation adds ServiceToken and ServiceTimeout to every custom resource's properties. */
  private static final Set<String> KNOWN =
      Set.of(
          NAME,
          VOICE_CONNECTOR_ITEMS,
          PHONE_NUMBERS,
          FORCE_ASSOCIATE,
          ADOPT_VOICE_CONNECTOR_GROUP_ID,
          "ServiceToken",
          "ServiceTimeout");

  private static final String ALLOWED_KEYS =
      "a property of "
          + String.join(
              ", ",
              NAME,
              VOICE_CONNECTOR_ITEMS,
              PHONE_NUMBERS,
              FORCE_ASSOCIATE,
              ADOPT_VOICE_CONNECTOR_GROUP_ID);

  /**
   * Reads the event's ResourceProperties.
   *
   * @throws CustomResourceFailure.InvalidProperties naming every field that breaks a rule
   */
  static GroupProperties from(CustomResourceEvent event) {
    return from(event, event.resourceProperties());
  }

  /**
   * Reads one of the event's property sets (ResourceProperties or OldResourceProperties).
   *
   * @throws CustomResourceFailure.InvalidProperties naming every field that breaks a rule
   */
  static GroupProperties from(CustomResourceEvent event, Map<String, Object> properties) {
    String where =
        event.logicalResourceId() == null ? "ResourceProperties" : event.logicalResourceId();
    List<String> violations = new ArrayList<>();
    // A name the construct writes and this handler does not read must fail, not be ignored.
    properties.forEach(
        (key, value) -> {
          if (!KNOWN.contains(key)) {
            violations.add(VoiceConnectorGroupRules.violation(where, key, value, ALLOWED_KEYS));
          }
        });
    Object forceValue = properties.get(FORCE_ASSOCIATE);
    Boolean force = forceValue == null ? Boolean.FALSE : bool(forceValue);
    if (force == null) {
      violations.add(
          VoiceConnectorGroupRules.violation(where, FORCE_ASSOCIATE, forceValue, ALLOWED_BOOLEAN));
    }
    VoiceConnectorGroupSpec spec =
        new VoiceConnectorGroupSpec(
            string(properties.get(NAME)),
            items(where, properties.get(VOICE_CONNECTOR_ITEMS), violations),
            phoneNumbers(where, properties.get(PHONE_NUMBERS), violations));
    Object adoptValue = properties.get(ADOPT_VOICE_CONNECTOR_GROUP_ID);
    String adopted = adoptValue == null ? null : string(adoptValue);
    if (violations.isEmpty()) {
      // CloudFormation's strings have been read; now the rules the construct checks, too.
      violations.addAll(
          VoiceConnectorGroupRules.violations(where, spec, Naming.TEMPLATE, value -> false));
      if (adopted != null) {
        violations.addAll(
            VoiceConnectorGroupRules.adoptedGroupIdViolations(
                where, ADOPT_VOICE_CONNECTOR_GROUP_ID, adopted, value -> false));
      }
    }
    if (!violations.isEmpty()) {
      throw new CustomResourceFailure.InvalidProperties(String.join("\n", violations));
    }
    List<String> numbers =
        spec.phoneNumbers() == null
            ? null
            // The service lists numbers with their "+"; compare and send them the same way.
            : spec.phoneNumbers().stream()
                .map(VoiceConnectorGroupRules::canonicalPhoneNumber)
                .toList();
    return new GroupProperties(spec.name(), spec.items(), numbers, force, adopted);
  }

  /**
   * Properties an earlier event was sent with, or empty when they do not pass today's rules (an
   * older construct wrote them): what was declared then is only a hint.
   */
  static Optional<GroupProperties> readable(
      CustomResourceEvent event, Map<String, Object> properties) {
    try {
      return Optional.of(from(event, properties));
    } catch (CustomResourceFailure.InvalidProperties e) {
      return Optional.empty();
    }
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static List<VoiceConnectorGroupSpec.Item> items(
      String where, Object value, List<String> violations) {
    if (value == null || "".equals(value)) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      violations.add(
          VoiceConnectorGroupRules.violation(where, VOICE_CONNECTOR_ITEMS, value, ALLOWED_ITEMS));
      return List.of();
    }
    List<VoiceConnectorGroupSpec.Item> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String field = Naming.TEMPLATE.item(i, "");
      if (!(list.get(i) instanceof Map<?, ?> item)) {
        violations.add(
            VoiceConnectorGroupRules.violation(
                where, field, string(list.get(i)), VoiceConnectorGroupRules.ALLOWED_ITEM));
        continue;
      }
      Integer priority = integer(item.get(PRIORITY));
      if (priority == null) {
        violations.add(
            VoiceConnectorGroupRules.violation(
                where,
                field + "." + PRIORITY,
                string(item.get(PRIORITY)),
                VoiceConnectorGroupRules.ALLOWED_PRIORITY));
        continue;
      }
      items.add(new VoiceConnectorGroupSpec.Item(string(item.get(VOICE_CONNECTOR_ID)), priority));
    }
    return items;
  }

  private static List<String> phoneNumbers(String where, Object value, List<String> violations) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      violations.add(
          VoiceConnectorGroupRules.violation(where, PHONE_NUMBERS, value, ALLOWED_PHONE_NUMBERS));
      return null;
    }
    return list.stream().map(GroupProperties::string).toList();
  }

  /**
   * An integer as CloudFormation sends it ({@code "1"}), or as JSON has it; else {@code null}. Only
   * exact decimal integers: {@code " 1"}, {@code "01"}, {@code "1.0"} and {@code "1e0"} are not.
   */
  private static Integer integer(Object value) {
    if (value instanceof Integer number) {
      return number;
    }
    if (value instanceof String text && DECIMAL_INTEGER.matcher(text).matches()) {
      return Integer.parseInt(text);
    }
    return null;
  }

  /**
   * A boolean as CloudFormation sends it ({@code "true"}), or as JSON has it; else {@code null}.
   */
  private static Boolean bool(Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if ("true".equalsIgnoreCase(String.valueOf(value))) {
      return Boolean.TRUE;
    }
    return "false".equalsIgnoreCase(String.valueOf(value)) ? Boolean.FALSE : null;
  }
}

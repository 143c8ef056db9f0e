package io.github.voiceconnectorgroup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules.Naming;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec.Item;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class VoiceConnectorGroupRulesTest {

  private static final Predicate<String> NO_TOKENS = value -> false;
  private static final Predicate<String> TOKENS = value -> value.startsWith("${Token[");

  private static List<String> check(VoiceConnectorGroupSpec spec) {
    return VoiceConnectorGroupRules.violations("Stack/Group", spec, Naming.PROPS, NO_TOKENS);
  }

  @Test
  void validGroupHasNoViolations() {
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "contact-center 1.0_a",
                    List.of(new Item("a", 1), new Item("b", 99), new Item("c", 1)),
                    List.of("+12065550100", "442071838750"))))
        .isEmpty();
  }

  @Test
  void nameOutsideLengthOrPatternIsNamedWithItsValue() {
    assertThat(check(new VoiceConnectorGroupSpec("bad!", List.of(new Item("a", 1)), null)))
        .containsExactly(
            "Stack/Group: name 'bad!'; allowed: 1 to 256 characters of [a-zA-Z0-9 _.-]+");
    assertThat(check(new VoiceConnectorGroupSpec("", List.of(new Item("a", 1)), null)))
        .containsExactly("Stack/Group: name ''; allowed: 1 to 256 characters of [a-zA-Z0-9 _.-]+");
    assertThat(check(new VoiceConnectorGroupSpec("n".repeat(257), List.of(new Item("a", 1)), null)))
        .singleElement()
        .asString()
        .contains("(257 characters)");
    assertThat(check(new VoiceConnectorGroupSpec("n".repeat(256), List.of(new Item("a", 1)), null)))
        .isEmpty();
  }

  @Test
  void tooFewAndTooManyItemsGiveTheirOwnReasons() {
    assertThat(check(new VoiceConnectorGroupSpec("g", List.of(), null)))
        .containsExactly(
            "Stack/Group: voiceConnectorItems of 0 items; allowed: "
                + VoiceConnectorGroupRules.ALLOWED_TOO_FEW_ITEMS);
    List<Item> four =
        List.of(new Item("a", 1), new Item("b", 1), new Item("c", 1), new Item("d", 1));
    assertThat(check(new VoiceConnectorGroupSpec("g", four, null)))
        .containsExactly(
            "Stack/Group: voiceConnectorItems of 4 items; allowed: 1 to 3 items (the service's"
                + " limit per group)");
  }

  @Test
  void priorityOutsideOneToNinetyNineIsRefused() {
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "g", List.of(new Item("a", 0), new Item("b", 100)), null)))
        .containsExactly(
            "Stack/Group: voiceConnectorItems[0].priority 0; allowed: an integer from 1 (highest)"
                + " to 99",
            "Stack/Group: voiceConnectorItems[1].priority 100; allowed: an integer from 1"
                + " (highest) to 99");
  }

  @Test
  void connectorIdsMustBePresentNotBlankAndUnique() {
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "g", Arrays.asList(new Item(null, 1), new Item(" ", 1), null), null)))
        .containsExactly(
            "Stack/Group: voiceConnectorItems[0].voiceConnectorId null; allowed: a voice connector"
                + " id, not blank",
            "Stack/Group: voiceConnectorItems[1].voiceConnectorId ' '; allowed: a voice connector"
                + " id, not blank",
            "Stack/Group: voiceConnectorItems[2] null; allowed: a voice connector item");
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "g", List.of(new Item("a", 1), new Item("a", 2)), null)))
        .containsExactly(
            "Stack/Group: voiceConnectorItems[1].voiceConnectorId 'a'; allowed: each voice"
                + " connector once per group");
  }

  @Test
  void phoneNumbersMustBeE164AndUnique() {
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "g",
                    List.of(new Item("a", 1)),
                    Arrays.asList("+12065550100", "206-555-0100", "+12065550100", null, "+0123"))))
        .containsExactly(
            "Stack/Group: phoneNumbers[1] '206-555-0100'; allowed: an E.164 number matching"
                + " ^\\+?[1-9]\\d{1,14}$, e.g. +12065550100",
            "Stack/Group: phoneNumbers[2] '+12065550100'; allowed: each phone number once"
                + " (+12065550100 and 12065550100 are one number)",
            "Stack/Group: phoneNumbers[3] null; allowed: an E.164 number matching"
                + " ^\\+?[1-9]\\d{1,14}$, e.g. +12065550100",
            "Stack/Group: phoneNumbers[4] '+0123'; allowed: an E.164 number matching"
                + " ^\\+?[1-9]\\d{1,14}$, e.g. +12065550100");
  }

  @Test
  void aNumberWithAndWithoutItsPlusIsOneNumber() {
    assertThat(
            check(
                new VoiceConnectorGroupSpec(
                    "g", List.of(new Item("a", 1)), List.of("+12065550100", "12065550100"))))
        .containsExactly(
            "Stack/Group: phoneNumbers[1] '12065550100'; allowed: each phone number once"
                + " (+12065550100 and 12065550100 are one number)");
    assertThat(VoiceConnectorGroupRules.canonicalPhoneNumber("12065550100"))
        .isEqualTo("+12065550100");
    assertThat(VoiceConnectorGroupRules.canonicalPhoneNumber("+12065550100"))
        .isEqualTo("+12065550100");
  }

  @Test
  void anAdoptedGroupIdIsNotBlankAndHasNoSpaces() {
    assertThat(
            VoiceConnectorGroupRules.adoptedGroupIdViolations(
                "Stack/Group", "adoptVoiceConnectorGroupId", "obmgetfdqcrknrlxfld2s", NO_TOKENS))
        .isEmpty();
    assertThat(
            VoiceConnectorGroupRules.adoptedGroupIdViolations(
                "Stack/Group", "adoptVoiceConnectorGroupId", " ", NO_TOKENS))
        .containsExactly(
            "Stack/Group: adoptVoiceConnectorGroupId ' '; allowed: the id of an existing voice"
                + " connector group, e.g. obmgetfdqcrknrlxfld2s (not blank, no spaces)");
    assertThat(
            VoiceConnectorGroupRules.adoptedGroupIdViolations(
                "Stack/Group", "adoptVoiceConnectorGroupId", "a b", NO_TOKENS))
        .hasSize(1);
    assertThat(
            VoiceConnectorGroupRules.adoptedGroupIdViolations(
                "Stack/Group", "adoptVoiceConnectorGroupId", "${Token[TOKEN.1]}", TOKENS))
        .isEmpty();
  }

  @Test
  void unresolvedValuesAreSkipped() {
    String token = "${Token[TOKEN.1]}";
    assertThat(
            VoiceConnectorGroupRules.violations(
                "Stack/Group",
                new VoiceConnectorGroupSpec(
                    token, List.of(new Item(token, 1), new Item(token, 2)), List.of(token, token)),
                Naming.PROPS,
                TOKENS))
        .isEmpty();
  }

  @Test
  void templateNamingUsesThePropertyNames() {
    assertThat(
            VoiceConnectorGroupRules.violations(
                "Group1",
                new VoiceConnectorGroupSpec("g", List.of(new Item("a", 0)), List.of("x")),
                Naming.TEMPLATE,
                NO_TOKENS))
        .containsExactly(
            "Group1: VoiceConnectorItems[0].Priority 0; allowed: an integer from 1 (highest) to"
                + " 99",
            "Group1: PhoneNumbers[0] 'x'; allowed: an E.164 number matching ^\\+?[1-9]\\d{1,14}$,"
                + " e.g. +12065550100");
  }
}

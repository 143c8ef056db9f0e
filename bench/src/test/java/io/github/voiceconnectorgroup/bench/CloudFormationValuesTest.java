package io.github.voiceconnectorgroup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationValuesTest {

  @Test
  void numbersAndBooleansArriveAsStringsAtAnyDepth() {
    Map<String, Object> delivered =
        CloudFormationValues.asDelivered(
            Map.of(
                "Name",
                "g",
                "InstallLatestAwsSdk",
                false,
                "VoiceConnectorItems",
                List.of(Map.of("VoiceConnectorId", "vc", "Priority", 1))));

    assertThat(delivered)
        .containsEntry("Name", "g")
        .containsEntry("InstallLatestAwsSdk", "false")
        .containsEntry(
            "VoiceConnectorItems", List.of(Map.of("VoiceConnectorId", "vc", "Priority", "1")));
  }

  @Test
  void unresolvedIntrinsicIsRefusedWithItsPath() {
    assertThatThrownBy(
            () ->
                CloudFormationValues.asDelivered(
                    Map.of(
                        "Items", List.of(Map.of("Id", Map.of("Fn::GetAtt", List.of("A", "B")))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Items[].Id");
  }
}

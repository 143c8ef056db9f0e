package io.github.voiceconnectorgroup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:F";

  private final Events events =
      new Events(
          ARN,
          new CloudAssemblyReader.Resource(
              "Group0",
              "Custom::VoiceConnectorGroup",
              Map.of(
                  "ServiceToken",
                  Map.of("Fn::GetAtt", List.of("F", "Arn")),
                  "Name",
                  "g",
                  "VoiceConnectorItems",
                  List.of(Map.of("VoiceConnectorId", "vc", "Priority", 1))),
              Map.of()),
          "https://127.0.0.1/r?sig=1");

  @Test
  void createCarriesThePropertiesAsCloudFormationDeliversThem() {
    Map<String, Object> create = events.create();

    assertThat(create)
        .containsEntry("RequestType", "Create")
        .containsEntry("ServiceToken", ARN)
        .containsEntry("ResponseURL", "https://127.0.0.1/r?sig=1")
        .containsEntry("LogicalResourceId", "Group0")
        .containsEntry("ResourceType", "Custom::VoiceConnectorGroup")
        .doesNotContainKeys("PhysicalResourceId", "OldResourceProperties");
    assertThat(create.get("ResourceProperties"))
        .isEqualTo(
            Map.of(
                "ServiceToken",
                ARN,
                "Name",
                "g",
                "VoiceConnectorItems",
                List.of(Map.of("VoiceConnectorId", "vc", "Priority", "1"))));
  }

  @Test
  void updateRenamesTheGroupAndCarriesTheOldProperties() {
    Map<String, Object> update = events.rename("id-1");

    assertThat(update)
        .containsEntry("RequestType", "Update")
        .containsEntry("PhysicalResourceId", "id-1");
    assertThat(((Map<?, ?>) update.get("ResourceProperties")).get("Name")).isEqualTo("g-renamed");
    assertThat(((Map<?, ?>) update.get("OldResourceProperties")).get("Name")).isEqualTo("g");
  }

  @Test
  void renameReachesTheBaselinesSdkCallParameters() {
    Events baseline =
        new Events(
            ARN,
            new CloudAssemblyReader.Resource(
                "Group0",
                "Custom::AWS",
                Map.of(
                    "Create",
                    "{\"action\":\"CreateVoiceConnectorGroup\",\"parameters\":{\"Name\":\"g\"}}"),
                Map.of()),
            "https://127.0.0.1/r");

    Map<?, ?> properties = (Map<?, ?>) baseline.delete("id-1").get("ResourceProperties");

    assertThat((String) properties.get("Create")).contains("\"Name\":\"g-renamed\"");
  }

  @Test
  void anUnresolvedIntrinsicIsRefusedWithItsPath() {
    assertThatThrownBy(
            () ->
                Events.asDelivered(
                    Map.of("Items", List.of(Map.of("Id", Map.of("Ref", "Connector"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "property Items[].Id is the unresolved intrinsic {Ref=Connector}; allowed: plain values");
  }
}

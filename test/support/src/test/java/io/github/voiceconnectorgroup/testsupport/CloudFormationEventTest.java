package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationEventTest {

  private static final String URL = "https://bucket.s3.amazonaws.com/key?X-Amz-Signature=abc";

  private static Map<String, Object> properties(String name) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("VoiceConnectorId", "vc1");
    item.put("Priority", "1");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Name", name);
    properties.put("VoiceConnectorItems", new ArrayList<>(List.of(item)));
    return properties;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> member(Map<String, Object> event, String name) {
    return (Map<String, Object>) event.get(name);
  }

  @Test
  void createEventHasCloudFormationsMembersInItsOrder() {
    Map<String, Object> event =
        CloudFormationEvent.create(properties("g")).withResponseUrl(URL).toMap();

    assertThat(event.keySet())
        .containsExactly(
            "RequestType",
            "ServiceToken",
            "ResponseURL",
            "StackId",
            "RequestId",
            "LogicalResourceId",
            "ResourceType",
            "ResourceProperties");
    assertThat(event)
        .containsEntry("RequestType", "Create")
        .containsEntry("ServiceToken", CloudFormationEvent.DEFAULT_SERVICE_TOKEN)
        .containsEntry("ResponseURL", URL)
        .containsEntry("StackId", CloudFormationEvent.DEFAULT_STACK_ID)
        .containsEntry("LogicalResourceId", CloudFormationEvent.DEFAULT_LOGICAL_RESOURCE_ID)
        .containsEntry("ResourceType", CloudFormationEvent.DEFAULT_RESOURCE_TYPE);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ServiceToken", CloudFormationEvent.DEFAULT_SERVICE_TOKEN);
    expected.putAll(properties("g"));
    assertThat(member(event, "ResourceProperties"))
        .as("ServiceToken first, then the properties as given")
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void updateEventCarriesThePhysicalIdAndTheOldProperties() {
    Map<String, Object> old = properties("before");
    old.put("ServiceToken", "arn:aws:lambda:us-east-1:111122223333:function:Old");

    Map<String, Object> event =
        CloudFormationEvent.update("group-1", properties("after"), old)
            .withServiceToken("arn:aws:lambda:us-east-1:111122223333:function:New")
            .withResponseUrl(URL)
            .toMap();

    assertThat(event)
        .containsEntry("RequestType", "Update")
        .containsEntry("PhysicalResourceId", "group-1")
        .containsEntry("ServiceToken", "arn:aws:lambda:us-east-1:111122223333:function:New");
    assertThat(List.copyOf(event.keySet()).subList(5, 7))
        .containsExactly("LogicalResourceId", "PhysicalResourceId");
    assertThat(member(event, "ResourceProperties"))
        .containsEntry("ServiceToken", "arn:aws:lambda:us-east-1:111122223333:function:New")
        .containsEntry("Name", "after");
    assertThat(member(event, "OldResourceProperties"))
        .as("old properties keep the token they were deployed with")
        .containsEntry("ServiceToken", "arn:aws:lambda:us-east-1:111122223333:function:Old")
        .containsEntry("Name", "before");
  }

  @Test
  void deleteEventCarriesThePhysicalIdAndNoOldProperties() {
    Map<String, Object> event =
        CloudFormationEvent.delete("group-1", properties("g")).withResponseUrl(URL).toMap();

    assertThat(event)
        .containsEntry("RequestType", "Delete")
        .containsEntry("PhysicalResourceId", "group-1")
        .doesNotContainKey("OldResourceProperties");
  }

  @Test
  void aServiceTokenAmongThePropertiesBecomesTheEvents() {
    Map<String, Object> withToken = properties("g");
    withToken.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:Fn");

    Map<String, Object> event = CloudFormationEvent.create(withToken).withResponseUrl(URL).toMap();

    assertThat(event)
        .containsEntry("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:Fn");
    assertThat(member(event, "ResourceProperties"))
        .containsEntry("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:Fn");
  }

  @Test
  void withMethodsChangeACopyAndLeaveTheOriginal() {
    CloudFormationEvent original = CloudFormationEvent.create(properties("g")).withResponseUrl(URL);

    CloudFormationEvent changed =
        original
            .withStackId("arn:aws:cloudformation:eu-west-1:123456789012:stack/S/1")
            .withRequestId("request-1")
            .withLogicalResourceId("Group")
            .withResourceType("Custom::Thing");

    assertThat(changed.toMap())
        .containsEntry("StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/S/1")
        .containsEntry("RequestId", "request-1")
        .containsEntry("LogicalResourceId", "Group")
        .containsEntry("ResourceType", "Custom::Thing");
    assertThat(changed.requestId()).isEqualTo("request-1");
    assertThat(changed.stackId())
        .isEqualTo("arn:aws:cloudformation:eu-west-1:123456789012:stack/S/1");
    assertThat(changed.logicalResourceId()).isEqualTo("Group");
    assertThat(original.toMap())
        .containsEntry("StackId", CloudFormationEvent.DEFAULT_STACK_ID)
        .containsEntry("LogicalResourceId", CloudFormationEvent.DEFAULT_LOGICAL_RESOURCE_ID);
    assertThat(original.requestId()).isNotEqualTo("request-1");
  }

  @Test
  void everyEventGetsItsOwnRequestIdInOneStack() {
    CloudFormationEvent create = CloudFormationEvent.create(properties("g"));
    CloudFormationEvent delete = CloudFormationEvent.delete("id", properties("g"));

    assertThat(create.requestId()).isNotEqualTo(delete.requestId()).matches("[0-9a-f-]{36}");
    assertThat(create.stackId()).isEqualTo(delete.stackId());
    assertThat(create.requestType()).isEqualTo("Create");
    assertThat(create.physicalResourceId()).isNull();
    assertThat(delete.physicalResourceId()).isEqualTo("id");
  }

  @Test
  void toJsonWritesTheMap() throws Exception {
    CloudFormationEvent event = CloudFormationEvent.update("id", properties("a"), properties("b"));
    CloudFormationEvent withUrl = event.withResponseUrl(URL);

    assertThat(JSON.std.mapFrom(withUrl.toJson())).isEqualTo(withUrl.toMap());
  }

  @Test
  void anEventWithoutResponseUrlCannotBeWritten() {
    CloudFormationEvent event = CloudFormationEvent.create(properties("g"));

    assertThatThrownBy(event::toJson)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Create event has no ResponseURL; set one with withResponseUrl(url)");
  }

  @Test
  void neitherTheCallersMapsNorTheReturnedMapsChangeTheEvent() {
    Map<String, Object> properties = properties("g");
    CloudFormationEvent event = CloudFormationEvent.create(properties).withResponseUrl(URL);
    properties.put("Name", "changed by the caller");

    Map<String, Object> first = event.toMap();
    member(first, "ResourceProperties").put("Name", "changed in the map");
    ((List<?>) member(first, "ResourceProperties").get("VoiceConnectorItems")).clear();
    first.put("RequestType", "Bogus");

    Map<String, Object> second = event.toMap();
    assertThat(second).containsEntry("RequestType", "Create");
    assertThat(member(second, "ResourceProperties"))
        .containsEntry("Name", "g")
        .isEqualTo(
            CloudFormationEvent.create(properties("g"))
                .withResponseUrl(URL)
                .toMap()
                .get("ResourceProperties"));
  }
}

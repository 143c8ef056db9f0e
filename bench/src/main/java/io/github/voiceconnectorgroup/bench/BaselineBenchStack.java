package io.github.voiceconnectorgroup.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.PhysicalResourceIdReference;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;

/**
 * The baseline: each group an {@link AwsCustomResource} with hand-written Create, Update and Delete
 * SDK calls and a policy derived from those calls, as a careful CDK user would write it.
 */
public final class BaselineBenchStack implements BenchStack {

  /** SDK v3 service name; the handler loads {@code @aws-sdk/client-chime-sdk-voice}. */
  private static final String SERVICE = "ChimeSDKVoice";

  /** Creates the variant. */
  public BaselineBenchStack() {}

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public void addGroup(Stack stack, int index) {
    Map<String, Object> createParameters =
        Map.of("Name", BenchStack.groupName(index), "VoiceConnectorItems", items(index));
    Map<String, Object> updateParameters =
        Map.of(
            "VoiceConnectorGroupId",
            new PhysicalResourceIdReference(),
            "Name",
            BenchStack.groupName(index),
            "VoiceConnectorItems",
            items(index));
    AwsCustomResource.Builder.create(stack, "Group" + index)
        .onCreate(
            AwsSdkCall.builder()
                .service(SERVICE)
                .action("CreateVoiceConnectorGroup")
                .parameters(createParameters)
                .physicalResourceId(
                    PhysicalResourceId.fromResponse("VoiceConnectorGroup.VoiceConnectorGroupId"))
                .build())
        .onUpdate(
            AwsSdkCall.builder()
                .service(SERVICE)
                .action("UpdateVoiceConnectorGroup")
                .parameters(updateParameters)
                .physicalResourceId(
                    PhysicalResourceId.fromResponse("VoiceConnectorGroup.VoiceConnectorGroupId"))
                .build())
        .onDelete(
            AwsSdkCall.builder()
                .service(SERVICE)
                .action("DeleteVoiceConnectorGroup")
                .parameters(Map.of("VoiceConnectorGroupId", new PhysicalResourceIdReference()))
                .build())
        .policy(
            AwsCustomResourcePolicy.fromSdkCalls(
                SdkCallsPolicyOptions.builder()
                    .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                    .build()))
        // The Lambda runtime's bundled SDK has the service; a runtime npm install only adds time.
        .installLatestAwsSdk(false)
        .build();
  }

  private static List<Map<String, Object>> items(int index) {
    List<Map<String, Object>> items = new ArrayList<>();
    int priority = 1;
    for (String id : BenchStack.voiceConnectorIds(index)) {
      items.add(Map.of("VoiceConnectorId", id, "Priority", priority++));
    }
    return items;
  }
}

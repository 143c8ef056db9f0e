package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.PhysicalResourceIdReference;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;

/** The two ways of declaring the same voice connector groups that the benchmarks compare. */
enum BenchStack {

  /** This project's {@link VoiceConnectorGroup}: one handler per stack. */
  CONSTRUCT {
    @Override
    void addGroup(Stack stack, int index) {
      List<VoiceConnectorItem> items = new ArrayList<>();
      int priority = 1;
      for (String id : voiceConnectorIds(index)) {
        items.add(VoiceConnectorItem.of(id, priority++));
      }
      VoiceConnectorGroup.Builder.create(stack, "Group" + index)
          .name(groupName(index))
          .voiceConnectorItems(items)
          .build();
    }
  },

  /**
   * What a careful CDK user writes instead: an {@link AwsCustomResource} per group with
   * hand-written Create, Update and Delete SDK calls and a policy derived from them.
   */
  BASELINE {
    @Override
    void addGroup(Stack stack, int index) {
      String service = "ChimeSDKVoice";
      PhysicalResourceId groupId =
          PhysicalResourceId.fromResponse("VoiceConnectorGroup.VoiceConnectorGroupId");
      List<Map<String, Object>> items = new ArrayList<>();
      int priority = 1;
      for (String id : voiceConnectorIds(index)) {
        items.add(Map.of("VoiceConnectorId", id, "Priority", priority++));
      }
      AwsCustomResource.Builder.create(stack, "Group" + index)
          .onCreate(
              AwsSdkCall.builder()
                  .service(service)
                  .action("CreateVoiceConnectorGroup")
                  .parameters(Map.of("Name", groupName(index), "VoiceConnectorItems", items))
                  .physicalResourceId(groupId)
                  .build())
          .onUpdate(
              AwsSdkCall.builder()
                  .service(service)
                  .action("UpdateVoiceConnectorGroup")
                  .parameters(
                      Map.of(
                          "VoiceConnectorGroupId",
                          new PhysicalResourceIdReference(),
                          "Name",
                          groupName(index),
                          "VoiceConnectorItems",
                          items))
                  .physicalResourceId(groupId)
                  .build())
          .onDelete(
              AwsSdkCall.builder()
                  .service(service)
                  .action("DeleteVoiceConnectorGroup")
                  .parameters(Map.of("VoiceConnectorGroupId", new PhysicalResourceIdReference()))
                  .build())
          .policy(
              AwsCustomResourcePolicy.fromSdkCalls(
                  SdkCallsPolicyOptions.builder()
                      .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                      .build()))
          // The Lambda runtime bundles the SDK with this service; installing it only adds time.
          .installLatestAwsSdk(false)
          .build();
    }
  };

  /** Account of every benchmark stack, fixed so that templates do not depend on the machine. */
  static final String ACCOUNT = "123456789012";

  /** Region of every benchmark stack; one with the Chime SDK Voice endpoint. */
  static final String REGION = "us-east-1";

  /** Name of the benchmark stack, and of its template file in the cloud assembly. */
  static final String STACK_NAME = "VoiceConnectorGroupBench";

  /** Adds group {@code index}; the first also creates the handler function and stages its asset. */
  abstract void addGroup(Stack stack, int index);

  /** The empty stack that {@link #addGroup} fills. */
  Stack newStack(App app) {
    return new Stack(
        app,
        STACK_NAME,
        StackProps.builder()
            .env(Environment.builder().account(ACCOUNT).region(REGION).build())
            .build());
  }

  /** The variant's name on the command line and in results. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static BenchStack named(String label) {
    for (BenchStack variant : values()) {
      if (variant.label().equals(label)) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "variant " + label + " is not known; allowed: construct, baseline");
  }

  /** Group {@code index}'s name, within the service's pattern {@code [a-zA-Z0-9 _.-]+}. */
  static String groupName(int index) {
    return String.format("bench-group-%04d", index);
  }

  /**
   * The two voice connector ids (priorities 1 and 2) of group {@code index}, shaped like real ones.
   */
  static List<String> voiceConnectorIds(int index) {
    return List.of(
        String.format("benchprimary%010d", index), String.format("benchbackup0%010d", index));
  }
}

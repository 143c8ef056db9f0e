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
public enum BenchStack {

  /** This project's {@link VoiceConnectorGroup}: one handler per stack. */
  CONSTRUCT {
    @Override
    public void addGroup(Stack stack, int index) {
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
    public void addGroup(Stack stack, int index) {
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
  public static final String ACCOUNT = "123456789012";

  /** Region of every benchmark stack; one with the Chime SDK Voice endpoint. */
  public static final String REGION = "us-east-1";

  /** Name of the benchmark stack, and of its template file in the cloud assembly. */
  public static final String STACK_NAME = "VoiceConnectorGroupBench";

  /**
   * Adds group number {@code index}; the first call also creates the handler function and stages
   * its asset.
   *
   * @param stack a stack made by {@link #newStack(App)}
   * @param index 0-based group number; name and items derive from it
   */
  public abstract void addGroup(Stack stack, int index);

  /**
   * Creates the empty stack that {@link #addGroup} fills.
   *
   * @param app the app to add it to
   * @return a stack bound to {@link #ACCOUNT} and {@link #REGION}
   */
  public Stack newStack(App app) {
    return new Stack(
        app,
        STACK_NAME,
        StackProps.builder()
            .env(Environment.builder().account(ACCOUNT).region(REGION).build())
            .build());
  }

  /**
   * The variant's name on the command line and in results.
   *
   * @return {@code construct} or {@code baseline}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a variant up by its {@link #label()}.
   *
   * @param label {@code construct} or {@code baseline}
   * @return the variant
   */
  public static BenchStack named(String label) {
    for (BenchStack variant : values()) {
      if (variant.label().equals(label)) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "variant " + label + " is not known; allowed: construct, baseline");
  }

  /**
   * The group name both variants give group {@code index}.
   *
   * @param index 0-based group number
   * @return a name within the service's pattern {@code [a-zA-Z0-9 _.-]+}
   */
  public static String groupName(int index) {
    return String.format("bench-group-%04d", index);
  }

  /**
   * The two voice connector ids (priorities 1 and 2) both variants put in group {@code index},
   * shaped like real ids.
   *
   * @param index 0-based group number
   * @return the ids
   */
  public static List<String> voiceConnectorIds(int index) {
    return List.of(
        String.format("benchprimary%010d", index), String.format("benchbackup0%010d", index));
  }
}

package io.github.voiceconnectorgroup;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/** Stacks and lookups shared by the construct tests. */
final class TestStacks {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";

  private TestStacks() {}

  /** A stack in a supported Region with a concrete account. */
  static Stack stack() {
    return stackIn(REGION);
  }

  static Stack stackIn(String region) {
    return stackIn(new App(), region);
  }

  static Stack stackIn(App app, String region) {
    return new Stack(
        app,
        "TestStack",
        StackProps.builder()
            .env(Environment.builder().account(ACCOUNT).region(region).build())
            .build());
  }

  /** A stack whose account and Region are tokens, as in an environment-agnostic app. */
  static Stack environmentAgnosticStack() {
    return new Stack(new App(), "AgnosticStack");
  }

  /** A VPC with one NAT gateway and the flow log the AwsSolutions pack asks for. */
  static Vpc vpcWithFlowLogs(Stack stack) {
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    vpc.addFlowLog("FlowLog");
    return vpc;
  }

  static List<VoiceConnectorItem> oneItem() {
    return List.of(VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 1));
  }

  /** The only resource of the type in the template, as {logical id: resource}. */
  @SuppressWarnings("unchecked")
  static Map.Entry<String, Map<String, Object>> onlyResource(Template template, String type) {
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    if (resources.size() != 1) {
      throw new AssertionError("expected one " + type + " but found " + resources.keySet());
    }
    return resources.entrySet().iterator().next();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }
}

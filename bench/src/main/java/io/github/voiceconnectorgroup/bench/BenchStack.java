package io.github.voiceconnectorgroup.bench;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/** One of the two ways of declaring voice connector groups that the benchmarks compare. */
public interface BenchStack {

  /** Account of every benchmark stack; fixed so templates do not depend on the machine. */
  String ACCOUNT = "123456789012";

  /** Region of every benchmark stack; one that has the Chime SDK Voice endpoint. */
  String REGION = "us-east-1";

  /**
   * Short name used in results and on the command line.
   *
   * @return {@code "construct"} or {@code "baseline"}
   */
  String name();

  /**
   * Adds group number {@code index} to the stack; the first call also creates the shared handler
   * function and stages its asset.
   *
   * @param stack the stack made by {@link #newStack(App)}
   * @param index 0-based group number; names and items derive from it
   */
  void addGroup(Stack stack, int index);

  /**
   * Creates the empty stack that {@link #addGroup(Stack, int)} fills.
   *
   * @param app the app to add it to
   * @return a stack with a fixed account and Region
   */
  default Stack newStack(App app) {
    return new Stack(
        app,
        "VoiceConnectorGroupBench",
        StackProps.builder()
            .env(Environment.builder().account(ACCOUNT).region(REGION).build())
            .build());
  }

  /**
   * The group name both variants use for group {@code index}.
   *
   * @param index 0-based group number
   * @return a name within the service's pattern {@code [a-zA-Z0-9 _.-]+}
   */
  static String groupName(int index) {
    return String.format("bench-group-%04d", index);
  }

  /**
   * The voice connector ids both variants put in group {@code index}: two connectors, priorities 1
   * and 2, shaped like real ids (22 lowercase letters and digits).
   *
   * @param index 0-based group number
   * @return the two voice connector ids
   */
  static List<String> voiceConnectorIds(int index) {
    return List.of(
        String.format("benchprimary%010d", index), String.format("benchbackup0%010d", index));
  }

  /**
   * Looks a variant up by its {@link #name()}.
   *
   * @param name {@code construct} or {@code baseline}
   * @return the variant
   */
  static BenchStack named(String name) {
    switch (name) {
      case "construct":
        return new ConstructBenchStack();
      case "baseline":
        return new BaselineBenchStack();
      default:
        throw new IllegalArgumentException(
            "variant " + name + " is not known; allowed: construct, baseline");
    }
  }
}

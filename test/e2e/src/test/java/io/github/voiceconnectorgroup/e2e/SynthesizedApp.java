package io.github.voiceconnectorgroup.e2e;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import io.github.voiceconnectorgroup.examples.ExampleApp;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.IConstruct;

/**
 * The example app synthesized once per test run, in-process, into {@code target/e2e/cdk.out}, with
 * the feature flags of the repository's {@code cdk.json} as {@code cdk synth} would apply them and
 * the phone number {@value #EXAMPLE_PHONE_NUMBER} as context, plus {@value #TWO_GROUPS_STACK}: one
 * stack with two groups, to play one function serving both, and {@value #ADOPTION_STACK}: one that
 * adopts two existing groups.
 */
final class SynthesizedApp {

  /** The stack with two groups that the e2e tests add next to the example stacks. */
  static final String TWO_GROUPS_STACK = "VoiceConnectorGroupE2eTwoGroups";

  /**
   * The stack with two adopted groups, one kept by default and one destroyed, whose ids are the
   * parameter {@value #ADOPTED_GROUP_ID_PARAMETER} and {@value #DESTROYED_GROUP_ID_PARAMETER}.
   */
  static final String ADOPTION_STACK = "VoiceConnectorGroupE2eAdoption";

  /** The parameter naming the adopted group that the stack keeps. */
  static final String ADOPTED_GROUP_ID_PARAMETER = "AdoptedGroupId";

  /** The parameter naming the adopted group that the stack destroys. */
  static final String DESTROYED_GROUP_ID_PARAMETER = "DestroyedGroupId";

  /** The number the example app's group owns, given as {@code -c phoneNumber=...} would. */
  static final String EXAMPLE_PHONE_NUMBER = "+12065550100";

  /** Account and Region the app is synthesized for, fixed so that templates are stable. */
  static final Map<String, String> CDK_ENVIRONMENT =
      Map.of("CDK_DEFAULT_ACCOUNT", "123456789012", "CDK_DEFAULT_REGION", "us-east-1");

  private static SynthesizedApp instance;
  private static RuntimeException failure;

  private final CloudAssemblyReader assembly;
  private final List<String> exampleStacks;

  private SynthesizedApp(CloudAssemblyReader assembly, List<String> exampleStacks) {
    this.assembly = assembly;
    this.exampleStacks = exampleStacks;
  }

  /** The app, synthesized on first use. */
  static synchronized SynthesizedApp get() {
    if (instance == null && failure == null) {
      try {
        instance = synthesize(workDirectory().resolve("cdk.out"));
      } catch (RuntimeException e) {
        // Synthesize once: every test that needs the app reports the same failure.
        failure = e;
      }
    }
    if (failure != null) {
      throw new IllegalStateException("the example app does not synthesize: " + failure, failure);
    }
    return instance;
  }

  /** Where the tests keep their files: {@code target/e2e}. */
  static Path workDirectory() {
    return Path.of(System.getProperty("e2e.workDirectory", "target/e2e")).toAbsolutePath();
  }

  CloudAssemblyReader assembly() {
    return assembly;
  }

  /** The artifact ids of the stacks the example app itself adds. */
  List<String> exampleStacks() {
    return exampleStacks;
  }

  private static SynthesizedApp synthesize(Path outdir) {
    deleteRecursively(outdir);
    long started = System.nanoTime();
    Map<String, Object> context = new HashMap<>(cdkJsonContext());
    context.put("phoneNumber", EXAMPLE_PHONE_NUMBER);
    App app = App.Builder.create().outdir(outdir.toString()).context(context).build();
    ExampleApp.addStacks(app, CDK_ENVIRONMENT);
    List<String> exampleStacks =
        app.getNode().getChildren().stream()
            .filter(Stack::isStack)
            .map(IConstruct.class::cast)
            .map(c -> ((Stack) c).getArtifactId())
            .toList();
    addTwoGroupsStack(app);
    addAdoptionStack(app);
    app.synth();
    System.out.printf(
        "[e2e] synthesized %d example stacks, %s and %s in %d ms into %s%n",
        exampleStacks.size(),
        TWO_GROUPS_STACK,
        ADOPTION_STACK,
        (System.nanoTime() - started) / 1_000_000,
        outdir);
    return new SynthesizedApp(CloudAssemblyReader.read(outdir), exampleStacks);
  }

  private static void addAdoptionStack(App app) {
    Stack stack = new Stack(app, ADOPTION_STACK, environment());
    CfnVoiceConnector connector =
        CfnVoiceConnector.Builder.create(stack, "VoiceConnector")
            .name("e2e-adopting")
            .requireEncryption(true)
            .awsRegion(stack.getRegion())
            .build();
    VoiceConnectorGroup.Builder.create(stack, "AdoptedGroup")
        .name("e2e-adopted")
        .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(connector, 1)))
        .adoptVoiceConnectorGroupId(
            CfnParameter.Builder.create(stack, ADOPTED_GROUP_ID_PARAMETER)
                .build()
                .getValueAsString())
        .build();
    VoiceConnectorGroup.Builder.create(stack, "DestroyedGroup")
        .name("e2e-adopted-destroyed")
        .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(connector, 1)))
        .adoptVoiceConnectorGroupId(
            CfnParameter.Builder.create(stack, DESTROYED_GROUP_ID_PARAMETER)
                .build()
                .getValueAsString())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  private static StackProps environment() {
    return StackProps.builder()
        .env(
            Environment.builder()
                .account(CDK_ENVIRONMENT.get("CDK_DEFAULT_ACCOUNT"))
                .region(CDK_ENVIRONMENT.get("CDK_DEFAULT_REGION"))
                .build())
        .build();
  }

  private static void addTwoGroupsStack(App app) {
    Stack stack = new Stack(app, TWO_GROUPS_STACK, environment());
    CfnVoiceConnector first =
        CfnVoiceConnector.Builder.create(stack, "FirstVoiceConnector")
            .name("e2e-first")
            .requireEncryption(true)
            .awsRegion(stack.getRegion())
            .build();
    CfnVoiceConnector second =
        CfnVoiceConnector.Builder.create(stack, "SecondVoiceConnector")
            .name("e2e-second")
            .requireEncryption(true)
            .awsRegion(stack.getRegion())
            .build();
    VoiceConnectorGroup.Builder.create(stack, "FirstGroup")
        .name("e2e-first-group")
        .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(first, 1)))
        .build();
    VoiceConnectorGroup.Builder.create(stack, "SecondGroup")
        .name("e2e-second-group")
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.fromVoiceConnector(second, 1),
                VoiceConnectorItem.fromVoiceConnector(first, 2)))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cdkJsonContext() {
    Path cdkJson = Path.of(System.getProperty("e2e.cdkJson", "../../cdk.json"));
    try {
      Map<String, Object> json = JSON.std.mapFrom(Files.readString(cdkJson));
      return (Map<String, Object>) json.getOrDefault("context", Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cdkJson.toAbsolutePath(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}

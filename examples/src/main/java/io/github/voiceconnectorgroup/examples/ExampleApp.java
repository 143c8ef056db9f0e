package io.github.voiceconnectorgroup.examples;

import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The example CDK app that {@code cdk.json} runs.
 *
 * <p>One stack deploys a voice connector in the primary and one in the failover Region (a voice
 * connector names its Region itself, so one stack holds both) and a voice connector group that
 * prefers the first and fails over to the second; a second stack imports an existing group by id.
 *
 * <p>Account and Region come from {@code CDK_DEFAULT_ACCOUNT} and {@code CDK_DEFAULT_REGION}, as
 * the CDK CLI sets them. With no Region set the primary is {@value #DEFAULT_PRIMARY_REGION}; the
 * failover Region is the context value {@code failoverRegion}, or {@value #DEFAULT_FAILOVER_REGION}
 * (or {@value #DEFAULT_PRIMARY_REGION} when that is the primary). A phone number the account
 * already has, given as the context value {@code phoneNumber} ({@code -c
 * phoneNumber=+12065550100}), is associated with the group so that its inbound calls are routed by
 * the group. A third stack shows the handler set up for a regulated account (VPC, encrypted JSON
 * logs, tracing); with {@code -c handlerRoleArn=arn:aws:iam::...:role/...} it runs with that
 * pre-approved role, which must already grant the handler's permissions.
 */
public final class ExampleApp {

  /** Primary Region when {@code CDK_DEFAULT_REGION} is not set. */
  public static final String DEFAULT_PRIMARY_REGION = "us-east-1";

  /** Failover Region when no {@code failoverRegion} context value is given. */
  public static final String DEFAULT_FAILOVER_REGION = "us-west-2";

  private ExampleApp() {}

  /**
   * Synthesizes the example app into the directory the CDK CLI asks for.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    App app = new App();
    addStacks(app);
    app.synth();
  }

  /**
   * Adds every example stack to an app.
   *
   * @param app the app to add the stacks to
   */
  public static void addStacks(App app) {
    addStacks(app, System.getenv());
  }

  /**
   * Adds every example stack to an app, taking account and Region from the given variables.
   *
   * @param app the app to add the stacks to
   * @param environment variables to read {@code CDK_DEFAULT_ACCOUNT} and {@code CDK_DEFAULT_REGION}
   *     from
   */
  public static void addStacks(App app, Map<String, String> environment) {
    String account = environment.get("CDK_DEFAULT_ACCOUNT");
    String primaryRegion =
        Optional.ofNullable(environment.get("CDK_DEFAULT_REGION")).orElse(DEFAULT_PRIMARY_REGION);
    String failoverRegion =
        Optional.ofNullable((String) app.getNode().tryGetContext("failoverRegion"))
            .orElse(
                primaryRegion.equals(DEFAULT_FAILOVER_REGION)
                    ? DEFAULT_PRIMARY_REGION
                    : DEFAULT_FAILOVER_REGION);

    new VoiceConnectorGroupStack(
        app,
        "VoiceConnectorGroupExample",
        StackProps.builder()
            .env(environment(account, primaryRegion))
            .description("Voice connector group with failover to a second Region")
            .build(),
        failoverRegion,
        (String) app.getNode().tryGetContext("phoneNumber"));

    new ConfiguredHandlerStack(
        app,
        "VoiceConnectorGroupConfiguredHandlerExample",
        StackProps.builder()
            .env(environment(account, primaryRegion))
            .description(
                "Voice connector group whose handler runs in a VPC with encrypted JSON logs")
            .build(),
        (String) app.getNode().tryGetContext("handlerRoleArn"));

    new ImportedVoiceConnectorGroupStack(
        app,
        "VoiceConnectorGroupImportExample",
        StackProps.builder()
            .env(environment(account, primaryRegion))
            .description("Imports an existing voice connector group by id")
            .build());
  }

  private static Environment environment(String account, String region) {
    return Environment.builder().account(account).region(region).build();
  }
}

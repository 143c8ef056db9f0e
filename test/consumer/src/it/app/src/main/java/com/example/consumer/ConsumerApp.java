package com.example.consumer;

import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorGroupHandlerSettings;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Synthesizes a stack with one voice connector group and a configured handler (a pre-approved
 * role, JSON logs, tracing), using the construct as published, and fails unless the template and
 * the handler asset are there.
 */
public final class ConsumerApp {

  private static final String APPROVED_ROLE_ARN =
      "arn:aws:iam::111122223333:role/approved/voice-connector-group-handler";

  private ConsumerApp() {}

  public static void main(String[] args) throws IOException {
    App app = new App();
    Stack stack =
        new Stack(
            app,
            "ConsumerStack",
            StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-1").build())
                .build());
    // A pre-approved role that already grants the handler's permissions, JSON logs kept a year.
    VoiceConnectorGroup.configureHandler(
        stack,
        VoiceConnectorGroupHandlerSettings.builder()
            .role(Role.fromRoleArn(stack, "ApprovedRole", APPROVED_ROLE_ARN))
            .roleGrantsPermissions(true)
            .logRetention(RetentionDays.ONE_YEAR)
            .loggingFormat(LoggingFormat.JSON)
            .applicationLogLevel(ApplicationLogLevel.INFO)
            .tracing(Tracing.ACTIVE)
            .build());
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(List.of(VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 1)))
        .build();
    CloudAssembly assembly = app.synth();

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>)
            ((Map<String, Object>) assembly.getStackByName("ConsumerStack").getTemplate())
                .get("Resources");
    require(
        count(resources, "Custom::VoiceConnectorGroup") == 1, "one Custom::VoiceConnectorGroup");
    require(count(resources, "AWS::Lambda::Function") == 1, "one handler function");
    require(
        count(resources, "AWS::IAM::Role") == 0 && count(resources, "AWS::IAM::Policy") == 0,
        "no role and no policy: the approved role grants the permissions");
    Map<String, Object> function =
        resources.values().stream()
            .filter(resource -> "AWS::Lambda::Function".equals(resource.get("Type")))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) function.get("Properties");
    require(APPROVED_ROLE_ARN.equals(properties.get("Role")), "the approved role on the function");
    require(
        String.valueOf(properties.get("LoggingConfig")).contains("LogFormat=JSON"),
        "JSON logs, not " + properties.get("LoggingConfig"));
    try (Stream<Path> files = Files.list(Path.of(assembly.getDirectory()))) {
      require(
          files.anyMatch(
              file -> file.getFileName().toString().matches("asset\\.[0-9a-f]{64}\\.zip")),
          "the handler ZIP staged as an asset in " + assembly.getDirectory());
    }
    Path jar =
        Path.of(
            VoiceConnectorGroup.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
    try (JarFile published = new JarFile(jar.toFile())) {
      require(published.getEntry("META-INF/LICENSE") != null, "META-INF/LICENSE in " + jar);
    }
    System.out.println("consumer app synthesized ConsumerStack with the construct from " + jar);
  }

  private static long count(Map<String, Map<String, Object>> resources, String type) {
    return resources.values().stream()
        .filter(resource -> type.equals(resource.get("Type")))
        .count();
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("expected " + what);
    }
  }
}

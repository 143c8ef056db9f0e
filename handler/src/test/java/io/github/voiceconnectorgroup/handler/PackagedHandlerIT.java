package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.handler.HandlerHarness.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged Lambda artifact (not target/classes) in a JVM of its own, configured only
 * through the environment as Lambda configures it, through a create-update-delete lifecycle.
 */
class PackagedHandlerIT {

  private static final Path ARTIFACT = Path.of(System.getProperty("lambda.zip", "missing"));

  @Test
  void packagedArtifactRunsWholeLifecycleConfiguredFromEnvironment() throws Exception {
    assertThat(ARTIFACT).isRegularFile();
    try (ChimeSdkVoiceStandIn service = ChimeSdkVoiceStandIn.start();
        ResponseUrlRecorder responseUrl = ResponseUrlRecorder.start();
        HandlerHarness events = new HandlerHarness()) {
      Path log = Files.createTempFile("packaged-handler", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:+TieredCompilation",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  ARTIFACT + File.pathSeparator + System.getProperty("test.classes.dir"),
                  PackagedHandlerMain.class.getName())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("AWS_"));
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", HandlerHarness.ACCESS_KEY);
      env.put("AWS_SECRET_ACCESS_KEY", HandlerHarness.SECRET_KEY);
      env.put("AWS_SESSION_TOKEN", "packaged-session-token");
      env.put("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", service.endpoint().toString());
      long start = System.nanoTime();
      Process process = builder.start();
      try (OutputStream stdin = process.getOutputStream()) {
        Map<String, Object> create =
            withUrl(events.createEvent(properties("Packaged", "vc-a", "1")), responseUrl);
        send(stdin, create);
        Map<String, Object> created =
            responseUrl.awaitAccepted(1, Duration.ofSeconds(30)).get(0).json();
        long coldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("packaged handler: JVM start to first response " + coldMillis + " ms");
        assertThat(created).containsEntry("Status", "SUCCESS");
        String id = (String) created.get("PhysicalResourceId");
        assertThat(service.group(id).orElseThrow().items()).containsExactly(new Item("vc-a", 1));

        send(
            stdin,
            withUrl(
                events.updateEvent(
                    id, properties("Renamed", "vc-a", "2"), properties("Packaged", "vc-a", "1")),
                responseUrl));
        Map<String, Object> updated =
            responseUrl.awaitAccepted(2, Duration.ofSeconds(30)).get(1).json();
        assertThat(updated)
            .containsEntry("Status", "SUCCESS")
            .containsEntry("PhysicalResourceId", id);
        assertThat(service.group(id).orElseThrow().name()).isEqualTo("Renamed");

        service.seedPhoneNumber("+12065550100", id);
        send(stdin, withUrl(events.deleteEvent(id, Map.of()), responseUrl));
        Map<String, Object> deleted =
            responseUrl.awaitAccepted(3, Duration.ofSeconds(30)).get(2).json();
        assertThat(deleted)
            .containsEntry("Status", "SUCCESS")
            .containsEntry("PhysicalResourceId", id);
        assertThat(service.groups()).isEmpty();

        service.registerVoiceConnectors("vc-a");
        send(stdin, withUrl(events.createEvent(properties("Refused", "vc-x", "1")), responseUrl));
        Map<String, Object> refused =
            responseUrl.awaitAccepted(4, Duration.ofSeconds(30)).get(3).json();
        assertThat(refused).containsEntry("Status", "FAILED");
        assertThat((String) refused.get("Reason")).contains("NotFoundException", "vc-x");
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("RequestType=Create", "RequestType=Delete")
          .doesNotContain(responseUrl.signature())
          .doesNotContain(HandlerHarness.SECRET_KEY);
      assertThat(responseUrl.requests()).hasSize(4);
      Files.delete(log);
    }
  }

  private static Map<String, Object> withUrl(
      Map<String, Object> event, ResponseUrlRecorder responseUrl) {
    event.put("ResponseURL", responseUrl.url());
    return event;
  }

  private static void send(OutputStream stdin, Map<String, Object> event) throws Exception {
    stdin.write(HandlerHarness.json(event));
    stdin.write("\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}

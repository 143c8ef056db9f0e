package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseUrlRecorderTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private int put(ResponseUrlRecorder recorder, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(recorder.url()))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void recordsPutsAndFailsTheRequestedNumber() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      recorder.failNext(1);

      assertThat(put(recorder, "{\"Status\":\"FAILED\"}")).isEqualTo(500);
      assertThat(put(recorder, "{\"Status\":\"SUCCESS\"}")).isEqualTo(200);

      assertThat(recorder.requests()).hasSize(2);
      ResponseUrlRecorder.RecordedRequest response = recorder.awaitResponse(Duration.ofSeconds(1));
      assertThat(response.json()).containsEntry("Status", "SUCCESS");
      assertThat(response.header("Content-Length")).isEqualTo("20");
      assertThat(response.query()).contains("X-Amz-Signature=" + recorder.signature());
      assertThat(recorder.url()).startsWith(recorder.urlWithoutQuery() + "?");
    }
  }

  @Test
  void awaitFailsWithCountWhenTooFewArrive() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      assertThatThrownBy(() -> recorder.awaitAccepted(1, Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("but got 0");
    }
  }
}

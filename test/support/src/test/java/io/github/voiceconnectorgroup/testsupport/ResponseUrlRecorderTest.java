package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

  @Test
  void refusesAPutAsS3RefusesAnExpiredUrlThenAcceptsTheNext() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      recorder.refuseNextAsExpired(1);

      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create(recorder.url()))
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"Status\":\"SUCCESS\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/xml");
      assertThat(refused.body())
          .contains("<Code>AccessDenied</Code>", "<Message>Request has expired</Message>");
      assertThat(put(recorder, "{}")).isEqualTo(200);
      assertThat(recorder.requests())
          .extracting(ResponseUrlRecorder.RecordedRequest::answeredStatus)
          .containsExactly(403, 200);
      assertThat(recorder.accepted()).hasSize(1);
    }
  }

  @Test
  void failsAPutWithTheGivenServerErrorStatus() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      recorder.failNext(2, 503);

      assertThat(put(recorder, "{}")).isEqualTo(503);
      assertThat(put(recorder, "{}")).isEqualTo(503);
      assertThat(put(recorder, "{}")).isEqualTo(200);
      assertThatThrownBy(() -> recorder.failNext(1, 200))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void droppedPutGetsNoAnswerButIsRecordedWhole() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      recorder.dropNext(1);

      assertThatThrownBy(() -> put(recorder, "{\"Status\":\"SUCCESS\"}"))
          .isInstanceOf(IOException.class);

      ResponseUrlRecorder.RecordedRequest dropped = recorder.requests().get(0);
      assertThat(dropped.dropped()).isTrue();
      assertThat(dropped.accepted()).isFalse();
      assertThat(dropped.answeredStatus()).isEqualTo(ResponseUrlRecorder.RecordedRequest.DROPPED);
      assertThat(dropped.json()).containsEntry("Status", "SUCCESS");
      assertThat(put(recorder, "{}")).isEqualTo(200);
    }
  }

  @Test
  void failuresAreMetInTheOrderTheyWereQueuedAndEveryAttemptIsRecorded() throws Exception {
    try (ResponseUrlRecorder recorder = ResponseUrlRecorder.start()) {
      recorder.refuseNextAsExpired(1);
      recorder.dropNext(1);
      recorder.failNext(1);

      assertThat(put(recorder, "{}")).isEqualTo(403);
      assertThatThrownBy(() -> put(recorder, "{}")).isInstanceOf(IOException.class);
      assertThat(put(recorder, "{}")).isEqualTo(500);
      assertThat(put(recorder, "{}")).isEqualTo(200);

      List<Integer> statuses =
          recorder.requests().stream()
              .map(ResponseUrlRecorder.RecordedRequest::answeredStatus)
              .toList();
      assertThat(statuses)
          .containsExactly(403, ResponseUrlRecorder.RecordedRequest.DROPPED, 500, 200);
    }
  }
}

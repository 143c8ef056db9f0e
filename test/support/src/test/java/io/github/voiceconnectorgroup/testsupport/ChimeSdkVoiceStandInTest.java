package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChimeSdkVoiceStandInTest {

  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=test";
  private final HttpClient http = HttpClient.newHttpClient();
  private ChimeSdkVoiceStandIn standIn;

  @BeforeEach
  void start() throws Exception {
    standIn = ChimeSdkVoiceStandIn.start();
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(standIn.endpoint() + path))
            .header("Authorization", AUTH)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createReturns201WithUuidIdAndVcgArn() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/voice-connector-groups",
            "{\"Name\":\"g\",\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"vc1\",\"Priority\":1}]}");

    assertThat(response.statusCode()).isEqualTo(201);
    @SuppressWarnings("unchecked")
    Map<String, Object> group =
        (Map<String, Object>) JSON.std.mapFrom(response.body()).get("VoiceConnectorGroup");
    String id = (String) group.get("VoiceConnectorGroupId");
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(group.get("VoiceConnectorGroupArn"))
        .isEqualTo("arn:aws:chime:us-east-1:111122223333:vcg/" + id);
    assertThat(standIn.group(id).orElseThrow().items()).containsExactly(new Item("vc1", 1));
  }

  @Test
  void errorsCarryStatusErrorTypeHeaderAndCodeMessageBody() throws Exception {
    HttpResponse<String> response = call("GET", "/voice-connector-groups/missing", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("NotFoundException");
    assertThat(JSON.std.mapFrom(response.body()))
        .containsEntry("Code", "NotFound")
        .containsKey("Message");
  }

  @Test
  void limitsAreEnforced() throws Exception {
    String fourItems =
        "{\"Name\":\"g\",\"VoiceConnectorItems\":["
            + "{\"VoiceConnectorId\":\"a\",\"Priority\":1},{\"VoiceConnectorId\":\"b\",\"Priority\":1},"
            + "{\"VoiceConnectorId\":\"c\",\"Priority\":1},{\"VoiceConnectorId\":\"d\",\"Priority\":1}]}";
    assertThat(call("POST", "/voice-connector-groups", fourItems).statusCode()).isEqualTo(400);
    assertThat(call("POST", "/voice-connector-groups", "{\"Name\":\"bad/name\"}").statusCode())
        .isEqualTo(400);
    assertThat(
            call(
                    "POST",
                    "/voice-connector-groups",
                    "{\"Name\":\"g\",\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"a\",\"Priority\":100}]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(standIn.groups()).isEmpty();
  }

  @Test
  void groupWithItemsOrPhoneNumbersCannotBeDeleted() throws Exception {
    String withItems = standIn.seedGroup("g", List.of(new Item("vc1", 1)));
    String withNumber = standIn.seedGroup("h", List.of());
    standIn.seedPhoneNumber("+12065550100", withNumber);

    assertThat(call("DELETE", "/voice-connector-groups/" + withItems, null).statusCode())
        .isEqualTo(400);
    assertThat(call("DELETE", "/voice-connector-groups/" + withNumber, null).statusCode())
        .isEqualTo(400);

    HttpResponse<String> list =
        call(
            "GET",
            "/phone-numbers?filter-name=VoiceConnectorGroupId&filter-value=" + withNumber,
            null);
    assertThat(list.body()).contains("+12065550100");
    call(
        "POST",
        "/voice-connector-groups/" + withNumber + "?operation=disassociate-phone-numbers",
        "{\"E164PhoneNumbers\":[\"+12065550100\"]}");
    assertThat(call("DELETE", "/voice-connector-groups/" + withNumber, null).statusCode())
        .isEqualTo(204);
    assertThat(standIn.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isEqualTo(3);
  }

  @Test
  void failNextAnswersErrorsThenRecovers() throws Exception {
    standIn.failNext(
        Operation.LIST_VOICE_CONNECTOR_GROUPS, 2, 503, "ServiceUnavailableException", "down");

    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWithoutSignatureIsRefused() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/voice-connector-groups")).build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void closeReturnsPromptlyWhileARequestHangs() throws Exception {
    standIn.hangUntilClosed(Operation.CREATE_VOICE_CONNECTOR_GROUP);
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/voice-connector-groups"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"g\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    while (standIn.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP) == 0) {
      Thread.sleep(5);
    }

    long start = System.nanoTime();
    standIn.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(standIn.groups()).isEmpty();
    pending.cancel(true);
  }
}

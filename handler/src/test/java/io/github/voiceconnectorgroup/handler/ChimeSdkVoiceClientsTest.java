package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class ChimeSdkVoiceClientsTest {

  /** Records each request and sends nothing. */
  private static final class RecordingHttpClient implements SdkHttpClient {
    final List<SdkHttpRequest> requests = new ArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      requests.add(request.httpRequest());
      throw new UnsupportedOperationException("recorded, not sent");
    }

    @Override
    public void close() {}
  }

  @Test
  void withoutAnOverrideRequestsGoToTheRegionsServiceEndpointSignedForChime() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClients.create(
            Region.EU_CENTRAL_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")),
            null,
            http)) {
      assertThatThrownBy(() -> client.createVoiceConnectorGroup(request -> request.name("n")))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    assertThat(http.requests)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.getUri().getScheme()).isEqualTo("https");
              assertThat(request.getUri().getHost())
                  .isEqualTo("voice-chime.eu-central-1.amazonaws.com");
              // SigV4 for the signing name chime in the client's Region, not voice-chime.
              assertThat(request.firstMatchingHeader("Authorization"))
                  .hasValueSatisfying(
                      authorization ->
                          assertThat(authorization)
                              .startsWith("AWS4-HMAC-SHA256 Credential=id/")
                              .contains("/eu-central-1/chime/aws4_request"));
            });
  }
}

package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class ChimeSdkVoiceClientsTest {

  /** Records each request's URI and answers it as {@link CannedHttpClient} does. */
  private static final class RecordingHttpClient implements SdkHttpClient {
    final List<URI> uris = new ArrayList<>();
    private final CannedHttpClient canned = new CannedHttpClient();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      uris.add(request.httpRequest().getUri());
      return canned.prepareRequest(request);
    }

    @Override
    public void close() {}
  }

  @Test
  void withoutAnOverrideRequestsGoToTheRegionsServiceEndpointSignedForChime() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClients.create(
            Region.EU_CENTRAL_1, ColdStart.WARM_UP_CREDENTIALS, null, http)) {
      client.createVoiceConnectorGroup(request -> request.name("n"));
    }

    assertThat(http.uris)
        .singleElement()
        .satisfies(
            uri -> {
              assertThat(uri.getScheme()).isEqualTo("https");
              assertThat(uri.getHost()).isEqualTo("voice-chime.eu-central-1.amazonaws.com");
            });
  }
}

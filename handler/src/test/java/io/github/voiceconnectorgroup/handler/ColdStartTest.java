package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.VoiceChimeServiceMetadata;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class ColdStartTest {

  @Test
  void lifecycleWarmUpRunsACreateThroughTheCannedClientWithoutCallingTheService() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (ChimeSdkVoiceStandIn service = ChimeSdkVoiceStandIn.start();
        ChimeSdkVoiceClient client =
            ChimeSdkVoiceClients.create(
                Region.US_EAST_1,
                ColdStart.WARM_UP_CREDENTIALS,
                service.endpoint(),
                new CannedHttpClient())) {

      assertThat(ColdStart.warmUpLifecycle(workers, client)).isTrue();
      assertThat(service.requests()).isEmpty();
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void lifecycleWarmUpReportsAFailureInsteadOfThrowing() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    workers.shutdown();
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClients.create(
            Region.US_EAST_1, ColdStart.WARM_UP_CREDENTIALS, null, new CannedHttpClient())) {

      assertThat(ColdStart.warmUpLifecycle(workers, client)).isFalse();
    }
  }

  @Test
  void serviceMetadataIsChimeSdkVoicesOwnAndOtherServicesFallBackToTheDefault() {
    ServiceMetadata voice = ServiceMetadata.of("voice-chime");

    assertThat(new GeneratedServiceMetadataProvider().serviceMetadata("voice-chime"))
        .isInstanceOf(VoiceChimeServiceMetadata.class);
    assertThat(voice).isInstanceOf(VoiceChimeServiceMetadata.class);
    assertThat(voice.signingRegion(Region.EU_CENTRAL_1)).isEqualTo(Region.EU_CENTRAL_1);
    assertThat(voice.endpointFor(Region.US_EAST_1).toString())
        .isEqualTo("voice-chime.us-east-1.amazonaws.com");
    assertThat(new GeneratedServiceMetadataProvider().serviceMetadata("s3")).isNull();
    assertThat(ServiceMetadata.of("s3").endpointFor(Region.US_WEST_2).toString())
        .isEqualTo("s3.us-west-2.amazonaws.com");
  }

  @Test
  void tlsWarmUpEndsOnItsOwn() throws Exception {
    Thread thread = ColdStart.startTlsWarmUp();
    thread.join(30_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(thread.isDaemon()).isTrue();
  }
}

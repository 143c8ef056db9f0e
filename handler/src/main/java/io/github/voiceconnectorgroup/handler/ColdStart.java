package io.github.voiceconnectorgroup.handler;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Work done while the container initialises so that the first event does not pay for it. Nothing
 * here touches the network.
 */
final class ColdStart {

  /** Credentials of the warm-up client; its requests are signed but never sent. */
  static final StaticCredentialsProvider WARM_UP_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up"));

  /** Bounds the warm-up well inside Lambda's 10-second init phase. */
  private static final long WARM_UP_MILLIS = 3_000;

  private static final String SAMPLE_EVENT =
      "{\"RequestType\":\"Create\",\"ResponseURL\":\"https://localhost/\","
          + "\"StackId\":\"arn:aws:cloudformation:us-east-1:111122223333:stack/s/1\","
          + "\"RequestId\":\"1\",\"LogicalResourceId\":\"Group\","
          + "\"ResourceType\":\"Custom::VoiceConnectorGroup\","
          + "\"ResourceProperties\":{\"ServiceToken\":\"arn\",\"Name\":\"warm-up\","
          + "\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"abcdefghijklmnopqrstuv\","
          + "\"Priority\":\"1\"}]}}";

  private ColdStart() {}

  /**
   * Starts initialising the JVM's default TLS context on a background thread: its providers and
   * trust store, the HTTPS connection classes and a client hello, which the first API call and the
   * response PUT would otherwise load. These are JDK classes, so they load in parallel with the SDK
   * client being built on the calling thread.
   */
  static Thread startTlsWarmUp() {
    Thread thread = new Thread(ColdStart::warmUpTls, "tls-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Runs one Create through the real lifecycle on a worker thread, with a client built like the
   * container's but answered by {@link CannedHttpClient}: loads and links the request path
   * (marshalling, endpoint and auth resolution, signing, retries, time bounds, unmarshalling) and
   * the event and response JSON, which the first event would otherwise pay for.
   *
   * @param workers the pool the lifecycle runs on, so its thread exists before the first event
   * @return whether the warm-up went through; a failure only leaves more for the first event
   */
  static boolean warmUpLifecycle(ExecutorService workers) {
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClients.fromEnvironment(WARM_UP_CREDENTIALS, new CannedHttpClient())) {
      return warmUpLifecycle(workers, client);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** As {@link #warmUpLifecycle(ExecutorService)}, through the given (canned) client. */
  static boolean warmUpLifecycle(ExecutorService workers, ChimeSdkVoiceClient cannedClient) {
    try {
      CustomResourceEvent event =
          CustomResourceEvent.from(JSON.std.mapFrom(SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8)));
      GroupProperties properties = GroupProperties.from(event.resourceProperties());
      VoiceConnectorGroupLifecycle lifecycle =
          new VoiceConnectorGroupLifecycle(cannedClient, message -> {});
      CallBudget budget =
          new CallBudget(Deadline.inMillis(WARM_UP_MILLIS, System::nanoTime), Duration.ZERO);
      VoiceConnectorGroupLifecycle.Outcome outcome =
          workers
              .submit(() -> lifecycle.create(properties, budget))
              .get(WARM_UP_MILLIS, TimeUnit.MILLISECONDS);
      CustomResourceResponse.success(outcome.physicalResourceId(), outcome.data()).body(event);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  private static void warmUpTls() {
    try {
      SSLContext context = SSLContext.getDefault();
      HttpsURLConnection.getDefaultSSLSocketFactory();
      // Opening (not connecting) loads the HTTPS URL handler and connection classes.
      new URL("https://localhost/").openConnection();
      SSLEngine engine = context.createSSLEngine("localhost", 443);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      ByteBuffer packet = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), packet);
      engine.closeOutbound();
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // Only a head start: the first real connection initialises whatever is left.
    }
  }
}

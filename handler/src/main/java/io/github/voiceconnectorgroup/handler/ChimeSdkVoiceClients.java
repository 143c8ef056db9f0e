package io.github.voiceconnectorgroup.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClientBuilder;
import software.amazon.awssdk.services.chimesdkvoice.model.ConflictException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/**
 * Builds the one Chime SDK Voice client a container uses: the URL connection HTTP client, the retry
 * strategy and the settings the handler runs with.
 */
public final class ChimeSdkVoiceClients {

  /** Attempts per call, first included; each call's time is bounded by the deadline as well. */
  static final int MAX_ATTEMPTS = 8;

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private ChimeSdkVoiceClients() {}

  /**
   * A client configured from the Lambda environment: region from {@code AWS_REGION}, credentials
   * from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN},
   * endpoint from the SDK's own {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE} / {@code AWS_ENDPOINT_URL}
   * handling.
   *
   * @return the client
   */
  public static ChimeSdkVoiceClient fromEnvironment() {
    return fromEnvironment(EnvironmentVariableCredentialsProvider.create(), urlConnectionClient());
  }

  /** As {@link #fromEnvironment()}, with the given credentials and HTTP client. */
  static ChimeSdkVoiceClient fromEnvironment(
      AwsCredentialsProvider credentials, SdkHttpClient httpClient) {
    String region = System.getenv("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new IllegalStateException(
          "AWS_REGION is not set; the Lambda runtime sets it to the function's region");
    }
    return create(Region.of(region), credentials, null, httpClient);
  }

  /**
   * A client with explicit settings.
   *
   * @param endpointOverride a fixed endpoint, or {@code null} for the SDK's resolution
   */
  static ChimeSdkVoiceClient create(
      Region region, AwsCredentialsProvider credentials, URI endpointOverride) {
    return create(region, credentials, endpointOverride, urlConnectionClient());
  }

  /** As {@link #create(Region, AwsCredentialsProvider, URI)}, over the given HTTP client. */
  static ChimeSdkVoiceClient create(
      Region region,
      AwsCredentialsProvider credentials,
      URI endpointOverride,
      SdkHttpClient httpClient) {
    ChimeSdkVoiceClientBuilder builder =
        ChimeSdkVoiceClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(httpClient)
            .overrideConfiguration(
                override ->
                    override
                        .retryStrategy(retryStrategy())
                        // No ~/.aws files in Lambda: an empty profile file spares the lookups.
                        .defaultProfileFile(emptyProfileFile()));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    return builder.build();
  }

  /**
   * HTTP through {@link HttpURLConnection} with the JVM's default TLS context, which the response
   * PUT uses as well: one context to initialise instead of a second one of the builder's own.
   */
  private static SdkHttpClient urlConnectionClient() {
    return UrlConnectionHttpClient.create(ChimeSdkVoiceClients::openConnection);
  }

  private static HttpURLConnection openConnection(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
      connection.setReadTimeout(READ_TIMEOUT_MILLIS);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a connection to " + uri.getHost(), e);
    }
  }

  /**
   * The SDK's standard strategy (throttling and 5xx retried, validation and NotFound not), plus 409
   * Conflict, which the service answers to simultaneous identical requests.
   */
  static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .retryOnException(ConflictException.class)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(5)))
        // The deadline bounds retries; a token bucket shared across invocations would only starve
        // later events of a warm container.
        .circuitBreakerEnabled(false)
        .build();
  }

  /**
   * Retries of CreateVoiceConnectorGroup, which carries no idempotency token: only answers that
   * prove the group was not made (throttling, a connection that was never made) are retried; a 5xx
   * or a lost answer is left to the in-doubt look-up, since a retry could make a second group.
   */
  static RetryStrategy createRetryStrategy() {
    return StandardRetryStrategy.builder()
        .maxAttempts(MAX_ATTEMPTS)
        .retryOnException(ThrottledClientException.class)
        .retryOnException(ChimeSdkVoiceClients::neverSent)
        .treatAsThrottling(ThrottledClientException.class::isInstance)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(5)))
        .circuitBreakerEnabled(false)
        .build();
  }

  /** A request plugin that gives one call {@link #createRetryStrategy()}. */
  static final SdkPlugin CREATE_RETRIES =
      config ->
          config.overrideConfiguration(
              config.overrideConfiguration().toBuilder()
                  .retryStrategy(createRetryStrategy())
                  .build());

  /** Whether a call failed before its request could reach the service. */
  static boolean neverSent(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static ProfileFile emptyProfileFile() {
    return ProfileFile.builder()
        .content(new ByteArrayInputStream(new byte[0]))
        .type(ProfileFile.Type.CONFIGURATION)
        .build();
  }
}

package io.github.voiceconnectorgroup.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * PUTs a response to CloudFormation's pre-signed URL, retrying connection errors and 5xx with
 * jittered backoff until just before the deadline. Logs never carry the URL's query string.
 */
final class ResponseSender {

  private static final Duration MAX_ATTEMPT_TIME = Duration.ofSeconds(10);

  private final BackoffStrategy backoff;
  private final Duration stopBeforeDeadline;
  private final Consumer<String> log;

  /**
   * @param backoff delay before each retry
   * @param stopBeforeDeadline no attempt runs past this much before the deadline
   */
  ResponseSender(BackoffStrategy backoff, Duration stopBeforeDeadline, Consumer<String> log) {
    this.backoff = backoff;
    this.stopBeforeDeadline = stopBeforeDeadline;
    this.log = log;
  }

  static ResponseSender standard(Consumer<String> log) {
    return new ResponseSender(
        BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(2)),
        Duration.ofMillis(100),
        log);
  }

  /** Returns whether CloudFormation accepted the response. */
  boolean send(String url, byte[] body, Deadline deadline) {
    String where = CustomResourceEvent.redact(url);
    for (int attempt = 1; ; attempt++) {
      Duration left = deadline.remainingBefore(stopBeforeDeadline);
      if (left.toMillis() < 1) {
        log.accept("giving up on the response to " + where + ": the Lambda deadline is reached");
        return false;
      }
      String failure;
      try {
        int status = put(url, body, min(left, MAX_ATTEMPT_TIME));
        if (status >= 200 && status < 300) {
          log.accept(
              "response accepted by " + where + " (HTTP " + status + ", attempt " + attempt + ")");
          return true;
        }
        if (status < 500) {
          log.accept("response refused by " + where + " with HTTP " + status + "; not retried");
          return false;
        }
        failure = "HTTP " + status;
      } catch (IOException | RuntimeException e) {
        failure =
            e.getClass().getSimpleName() + ": " + CustomResourceEvent.redactQueries(e.getMessage());
      }
      Duration delay =
          min(backoff.computeDelay(attempt), deadline.remainingBefore(stopBeforeDeadline));
      log.accept(
          "response PUT to "
              + where
              + " failed ("
              + failure
              + ", attempt "
              + attempt
              + "); retrying in "
              + Math.max(0, delay.toMillis())
              + " ms");
      if (!delay.isNegative() && !sleep(delay)) {
        return false;
      }
    }
  }

  private static int put(String url, byte[] body, Duration timeout) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    try {
      int millis = (int) Math.max(1, timeout.toMillis());
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      // The URL is signed for an empty Content-Type; without this the JDK adds a form type.
      connection.setRequestProperty("Content-Type", "");
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      try (InputStream in =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package io.github.voiceconnectorgroup.cfn;

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
public final class ResponseSender {

  private static final Duration MAX_ATTEMPT_TIME = Duration.ofSeconds(10);

  private final BackoffStrategy backoff;
  private final Sleeper sleeper;
  private final Duration stopBeforeDeadline;
  private final Consumer<String> log;

  /**
   * A sender.
   *
   * @param backoff delay before each retry
   * @param sleeper waits out the delays
   * @param stopBeforeDeadline no attempt runs past this much before the deadline
   * @param log where attempts are logged
   */
  public ResponseSender(
      BackoffStrategy backoff, Sleeper sleeper, Duration stopBeforeDeadline, Consumer<String> log) {
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.stopBeforeDeadline = stopBeforeDeadline;
    this.log = log;
  }

  /**
   * The sender Lambda uses: 200 ms to 2 s jittered backoff, stopping 100 ms before the deadline.
   *
   * @param log where attempts are logged
   * @return the sender
   */
  public static ResponseSender standard(Consumer<String> log) {
    return new ResponseSender(
        BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(2)),
        Sleeper.THREAD,
        Duration.ofMillis(100),
        log);
  }

  /**
   * PUTs the body, retrying until accepted, refused, or out of time.
   *
   * @param url the pre-signed URL
   * @param body the response
   * @param deadline when the invocation must be over
   * @return whether CloudFormation accepted the response
   */
  public boolean send(String url, byte[] body, Deadline deadline) {
    String where = Redaction.redactUrl(url);
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
        failure = e.getClass().getSimpleName() + ": " + Redaction.redactQueries(e.getMessage());
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

  private boolean sleep(Duration delay) {
    try {
      sleeper.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local server playing CloudFormation's pre-signed S3 ResponseURL: it records every request it
 * receives and answers PUTs with 200, unless a failure is pending. Failures are queued and met by
 * the next PUTs in the order they were added: a 500 ({@link #failNext(int)}) or another status
 * ({@link #failNext(int, int)}), S3's 403 for an expired URL ({@link #refuseNextAsExpired}), or a
 * connection closed without any answer ({@link #dropNext}). Every attempt is recorded, with the
 * status it got ({@link RecordedRequest#DROPPED} for a dropped one).
 *
 * <p>{@link #url()} carries a query string shaped like a SigV4 pre-signature, with a random {@link
 * #signature()}, so tests can check that the query string never reaches logs. It listens on {@code
 * 127.0.0.1} on an ephemeral port. All methods are thread-safe.
 */
public final class ResponseUrlRecorder implements AutoCloseable {

  /**
   * One request as received.
   *
   * @param method the HTTP method (CloudFormation expects {@code PUT})
   * @param path the raw path
   * @param query the raw query string, or {@code null}
   * @param headers every header, names lower-cased, values in order
   * @param body the raw body bytes
   * @param answeredStatus the status this recorder answered with
   * @param receivedAt when it arrived
   */
  public record RecordedRequest(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      byte[] body,
      int answeredStatus,
      Instant receivedAt) {

    /**
     * Copies the headers so the record cannot change.
     *
     * @param method the method
     * @param path the path
     * @param query the query string
     * @param headers the headers
     * @param body the body
     * @param answeredStatus the status answered
     * @param receivedAt arrival time
     */
    public RecordedRequest {
      headers = Map.copyOf(headers);
    }

    /** The {@code answeredStatus} of a request whose connection was closed without an answer. */
    public static final int DROPPED = 0;

    /**
     * Whether the connection was closed without an answer ({@link ResponseUrlRecorder#dropNext}).
     *
     * @return {@code true} if no HTTP response was sent
     */
    public boolean dropped() {
      return answeredStatus == DROPPED;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return its first value ({@code ""} for a header sent empty), or {@code null} if absent
     */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the body text
     */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as a JSON object.
     *
     * @return the object's members
     * @throws IllegalStateException if the body is not a JSON object
     */
    public Map<String, Object> json() {
      try {
        return JSON.std.mapFrom(bodyText());
      } catch (IOException e) {
        throw new IllegalStateException("body is not a JSON object: " + bodyText(), e);
      }
    }

    /**
     * Whether this recorder accepted the request (answered 200).
     *
     * @return {@code true} for an accepted response
     */
    public boolean accepted() {
      return answeredStatus == 200;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String signature;
  private final Object lock = new Object();
  private final List<RecordedRequest> recorded = new ArrayList<>();
  private final Deque<Failure> failures = new ArrayDeque<>();

  /** A queued answer other than 200; {@code status} {@link RecordedRequest#DROPPED} drops. */
  private record Failure(int status, String contentType, String body) {}

  /**
   * S3's error body for a pre-signed URL used after its expiry: 403 {@code AccessDenied}, "Request
   * has expired" (Amazon S3 user guide, "Download and upload objects with presigned URLs": the URL
   * works up to its expiration date and time).
   */
  private static final String EXPIRED_BODY =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"
          + "<X-Amz-Expires>7200</X-Amz-Expires>"
          + "<Expires>2026-01-01T02:00:00Z</Expires><ServerTime>%s</ServerTime>"
          + "<RequestId>0A1B2C3D4E5F6789</RequestId></Error>";

  private ResponseUrlRecorder() throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    signature = HexFormat.of().formatHex(random);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "response-url-recorder");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a recorder on {@code 127.0.0.1}.
   *
   * @return the running recorder
   * @throws IOException if no local port can be bound
   */
  public static ResponseUrlRecorder start() throws IOException {
    return new ResponseUrlRecorder();
  }

  /**
   * The URL to put in an event's {@code ResponseURL}, with a pre-signature-like query string.
   *
   * @return for example {@code
   *     http://127.0.0.1:41234/cloudformation-custom-resource-response/arn.../request?X-Amz-...}
   */
  public String url() {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/cloudformation-custom-resource-response/stack/request"
        + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=7200&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature="
        + signature;
  }

  /**
   * The URL without its query string: what may appear in logs.
   *
   * @return scheme, host, port and path of {@link #url()}
   */
  public String urlWithoutQuery() {
    String url = url();
    return url.substring(0, url.indexOf('?'));
  }

  /**
   * The random signature in {@link #url()}'s query string; it must never appear in logs.
   *
   * @return 64 hex digits
   */
  public String signature() {
    return signature;
  }

  /**
   * Answers the next {@code times} PUTs with 500 (they are still recorded).
   *
   * @param times how many PUTs to fail
   */
  public void failNext(int times) {
    failNext(times, 500);
  }

  /**
   * Answers the next {@code times} PUTs with an error status and an empty body, for example 503 as
   * S3 answers {@code SlowDown} (they are still recorded, and change nothing).
   *
   * @param times how many PUTs to fail; 0 or more
   * @param status 400 to 599
   * @throws IllegalArgumentException if {@code status} is not an error status or {@code times} is
   *     negative
   */
  public void failNext(int times, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400 to 599, was " + status);
    }
    queue(times, new Failure(status, null, null));
  }

  /**
   * Refuses the next {@code times} PUTs as S3 refuses a pre-signed URL past its expiry: 403 with an
   * XML {@code AccessDenied} error, "Request has expired". A retry of the same URL would be refused
   * too on S3; here only {@code times} PUTs are.
   *
   * @param times how many PUTs to refuse; 0 or more
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public void refuseNextAsExpired(int times) {
    queue(times, new Failure(403, "application/xml", EXPIRED_BODY));
  }

  /**
   * Reads the next {@code times} PUTs whole, records them, and closes their connections without any
   * HTTP response, so the sender sees an I/O error and cannot know whether the response arrived.
   * Their {@link RecordedRequest#answeredStatus()} is {@link RecordedRequest#DROPPED}.
   *
   * @param times how many PUTs to drop; 0 or more
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public void dropNext(int times) {
    queue(times, new Failure(RecordedRequest.DROPPED, null, null));
  }

  private void queue(int times, Failure failure) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, was " + times);
    }
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        failures.add(failure);
      }
    }
  }

  /**
   * Every request received so far, failed ones included, in arrival order.
   *
   * @return the recorded requests
   */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(recorded);
    }
  }

  /**
   * The requests that were accepted (answered 200), in arrival order.
   *
   * @return the accepted responses
   */
  public List<RecordedRequest> accepted() {
    synchronized (lock) {
      return recorded.stream().filter(RecordedRequest::accepted).toList();
    }
  }

  /**
   * Waits until at least {@code count} requests have been accepted.
   *
   * @param count how many accepted responses to wait for
   * @param timeout how long to wait at most
   * @return the accepted responses (at least {@code count})
   * @throws AssertionError if fewer arrived in time, naming how many did
   */
  public List<RecordedRequest> awaitAccepted(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<RecordedRequest> accepted =
            recorded.stream().filter(RecordedRequest::accepted).toList();
        long left = deadline - System.nanoTime();
        if (accepted.size() >= count) {
          return accepted;
        }
        if (left <= 0) {
          throw new AssertionError(
              "expected "
                  + count
                  + " accepted response(s) within "
                  + timeout
                  + " but got "
                  + accepted.size()
                  + " (of "
                  + recorded.size()
                  + " request(s))");
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for responses", e);
        }
      }
    }
  }

  /**
   * Waits for the first accepted response.
   *
   * @param timeout how long to wait at most
   * @return the first accepted response
   * @throws AssertionError if none arrived in time
   */
  public RecordedRequest awaitResponse(Duration timeout) {
    return awaitAccepted(1, timeout).get(0);
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String method = exchange.getRequestMethod();
      Failure failure = null;
      int status;
      synchronized (lock) {
        if (!method.equals("PUT")) {
          status = 405;
        } else if (!failures.isEmpty()) {
          failure = failures.poll();
          status = failure.status();
        } else {
          status = 200;
        }
        recorded.add(
            new RecordedRequest(
                method,
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                lowerCased(exchange.getRequestHeaders()),
                body,
                status,
                Instant.now()));
        lock.notifyAll();
      }
      if (status == RecordedRequest.DROPPED) {
        return; // closing the exchange before any header closes the connection unanswered
      }
      if (failure == null || failure.body() == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes =
          String.format(java.util.Locale.ROOT, failure.body(), Instant.now())
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", failure.contentType());
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, List<String>> lowerCased(Headers headers) {
    Map<String, List<String>> copy = new TreeMap<>();
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      copy.computeIfAbsent(
              entry.getKey().toLowerCase(java.util.Locale.ROOT), key -> new ArrayList<>())
          .addAll(entry.getValue());
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    copy.forEach((key, values) -> frozen.put(key, List.copyOf(values)));
    return frozen;
  }
}

package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local implementation of the AWS Lambda Runtime API (version {@code 2018-06-01}), the HTTP
 * interface a Lambda runtime such as the Java runtime interface client polls for events.
 *
 * <p>It serves {@code GET /2018-06-01/runtime/invocation/next} (a long poll that answers with the
 * next queued event and the {@code Lambda-Runtime-Aws-Request-Id}, {@code
 * Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn} and {@code
 * Lambda-Runtime-Trace-Id} headers), {@code POST .../invocation/{id}/response}, {@code POST
 * .../invocation/{id}/error} and {@code POST /2018-06-01/runtime/init/error}.
 *
 * <p>A caller {@linkplain #enqueue(String, Duration) enqueues} an event with the function's timeout
 * and {@linkplain Invocation#await(Duration) awaits} its {@link InvocationResult}. As in Lambda the
 * timeout runs from the moment the runtime receives the event: when it passes without a response
 * the invocation ends as {@link Outcome#TIMED_OUT}. Lambda would then discard the execution
 * environment; this stand-in leaves that to the caller and accepts (and records as {@linkplain
 * #lateResults() late}) anything the runtime still posts for it.
 *
 * <p>The server listens on the loopback interface on an ephemeral port; pass {@link #address()} to
 * the function as {@code AWS_LAMBDA_RUNTIME_API}.
 */
public final class LambdaRuntimeApiStandIn implements AutoCloseable {

  /** The invoked function ARN announced when none is given. */
  public static final String DEFAULT_FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:function";

  private static final String API_PREFIX = "/2018-06-01/runtime";
  private static final Pattern INVOCATION_PATH =
      Pattern.compile(API_PREFIX + "/invocation/([^/]+)/(response|error)");
  private static final Duration POLL_SLICE = Duration.ofMillis(100);

  /** How an invocation ended. */
  public enum Outcome {
    /** The function posted a response. */
    RESPONSE,
    /** The function posted an error. */
    ERROR,
    /** The runtime reported an initialization error instead of polling for the event. */
    INIT_ERROR,
    /** The timeout passed after the runtime received the event, before any response or error. */
    TIMED_OUT
  }

  /**
   * The end of an invocation.
   *
   * @param requestId the invocation's request id
   * @param outcome how it ended
   * @param body the posted response or error document; empty when it timed out
   * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error, else null
   * @param receivedAtNanos {@link System#nanoTime()} when the runtime received the event, or when
   *     the init error arrived if it never did
   * @param completedAtNanos {@link System#nanoTime()} when the outcome was recorded
   */
  public record InvocationResult(
      String requestId,
      Outcome outcome,
      byte[] body,
      String errorType,
      long receivedAtNanos,
      long completedAtNanos) {

    /**
     * The posted document as UTF-8 text.
     *
     * @return the body as a string
     */
    public String bodyAsString() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The time from the runtime receiving the event to the outcome.
     *
     * @return the invocation's duration as seen by the Runtime API
     */
    public Duration duration() {
      return Duration.ofNanos(completedAtNanos - receivedAtNanos);
    }
  }

  /**
   * An initialization error the runtime posted to {@code /runtime/init/error}.
   *
   * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header
   * @param body the posted error document
   * @param receivedAtNanos {@link System#nanoTime()} when it arrived
   */
  public record InitError(String errorType, String body, long receivedAtNanos) {}

  /** One queued or running invocation. */
  public final class Invocation {
    private final String requestId;
    private final byte[] event;
    private final Duration timeout;
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    private volatile long receivedAtNanos;
    private volatile Instant deadline;

    private Invocation(String requestId, byte[] event, Duration timeout) {
      this.requestId = requestId;
      this.event = event;
      this.timeout = timeout;
    }

    /**
     * The request id the runtime sees in {@code Lambda-Runtime-Aws-Request-Id}.
     *
     * @return the request id
     */
    public String requestId() {
      return requestId;
    }

    /**
     * The function timeout this invocation runs under.
     *
     * @return the timeout
     */
    public Duration timeout() {
      return timeout;
    }

    /**
     * The deadline announced in {@code Lambda-Runtime-Deadline-Ms}, once the runtime has received
     * the event.
     *
     * @return the deadline, or empty while the event is still queued
     */
    public Optional<Instant> deadline() {
      return Optional.ofNullable(deadline);
    }

    /**
     * {@link System#nanoTime()} when the runtime received the event.
     *
     * @return the receive time, or empty while the event is still queued
     */
    public OptionalLong receivedAtNanos() {
      long received = receivedAtNanos;
      return received == 0 ? OptionalLong.empty() : OptionalLong.of(received);
    }

    /**
     * The invocation's result, completed when it ends.
     *
     * @return a future of the result
     */
    public CompletableFuture<InvocationResult> result() {
      return result;
    }

    /**
     * Waits for the invocation to end.
     *
     * @param maxWait how long to wait
     * @return the result
     * @throws IllegalStateException when it has not ended within {@code maxWait}, naming the
     *     request id
     */
    public InvocationResult await(Duration maxWait) {
      try {
        return result.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "invocation " + requestId + " did not end within " + maxWait, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("invocation " + requestId + " failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted awaiting invocation " + requestId, e);
      }
    }

    private void complete(Outcome outcome, byte[] body, String errorType) {
      long now = System.nanoTime();
      long received = receivedAtNanos == 0 ? now : receivedAtNanos;
      result.complete(new InvocationResult(requestId, outcome, body, errorType, received, now));
    }
  }

  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final ScheduledExecutorService timers;
  private final String invokedFunctionArn;
  private final BlockingDeque<Invocation> queue = new LinkedBlockingDeque<>();
  private final AtomicLong pollGeneration = new AtomicLong();
  private final Map<String, Invocation> invocations = new ConcurrentHashMap<>();
  private final List<InitError> initErrors = new ArrayList<>();
  private final List<InvocationResult> lateResults = new ArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private volatile long firstPollAtNanos;
  private volatile boolean closed;

  private LambdaRuntimeApiStandIn(String invokedFunctionArn) throws IOException {
    this.invokedFunctionArn = invokedFunctionArn;
    AtomicInteger threadCount = new AtomicInteger();
    this.requestThreads =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "lambda-runtime-api-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lambda-runtime-api-timeouts");
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requestThreads);
    server.createContext(API_PREFIX, this::handle);
    server.start();
  }

  /**
   * Starts a Runtime API that announces {@link #DEFAULT_FUNCTION_ARN}.
   *
   * @return the running stand-in
   * @throws IOException when the server cannot listen
   */
  public static LambdaRuntimeApiStandIn start() throws IOException {
    return start(DEFAULT_FUNCTION_ARN);
  }

  /**
   * Starts a Runtime API.
   *
   * @param invokedFunctionArn the value of {@code Lambda-Runtime-Invoked-Function-Arn}
   * @return the running stand-in
   * @throws IOException when the server cannot listen
   */
  public static LambdaRuntimeApiStandIn start(String invokedFunctionArn) throws IOException {
    return new LambdaRuntimeApiStandIn(Objects.requireNonNull(invokedFunctionArn));
  }

  /**
   * The {@code host:port} to give the function as {@code AWS_LAMBDA_RUNTIME_API}.
   *
   * @return the address, without a scheme
   */
  public String address() {
    InetSocketAddress address = server.getAddress();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Queues an event for the runtime's next poll.
   *
   * @param eventJson the event document
   * @param timeout the function's timeout, counted from the moment the runtime receives it
   * @return the invocation, to await its result
   */
  public Invocation enqueue(String eventJson, Duration timeout) {
    return enqueue(eventJson.getBytes(StandardCharsets.UTF_8), timeout);
  }

  /**
   * Queues an event for the runtime's next poll.
   *
   * @param event the event document's bytes
   * @param timeout the function's timeout, counted from the moment the runtime receives it
   * @return the invocation, to await its result
   */
  public Invocation enqueue(byte[] event, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " is not allowed: must be > 0");
    }
    if (closed) {
      throw new IllegalStateException("the Runtime API stand-in is closed");
    }
    Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.clone(), timeout);
    invocations.put(invocation.requestId, invocation);
    queue.add(invocation);
    return invocation;
  }

  /**
   * Queues an event and waits for its result.
   *
   * @param eventJson the event document
   * @param timeout the function's timeout
   * @param maxWait how long to wait for the result, including time in the queue
   * @return the result
   */
  public InvocationResult invoke(String eventJson, Duration timeout, Duration maxWait) {
    return enqueue(eventJson, timeout).await(maxWait);
  }

  /**
   * How many times the runtime has asked for the next event.
   *
   * @return the number of {@code /invocation/next} requests received
   */
  public int pollCount() {
    return polls.get();
  }

  /**
   * {@link System#nanoTime()} of the runtime's first request for an event, i.e. the end of its
   * initialization.
   *
   * @return the time of the first poll, or empty before it
   */
  public OptionalLong firstPollAtNanos() {
    long first = firstPollAtNanos;
    return first == 0 ? OptionalLong.empty() : OptionalLong.of(first);
  }

  /**
   * The initialization errors posted so far.
   *
   * @return a copy of the list, oldest first
   */
  public List<InitError> initErrors() {
    synchronized (initErrors) {
      return List.copyOf(initErrors);
    }
  }

  /**
   * Responses and errors posted for invocations that had already timed out, which Lambda would
   * discard.
   *
   * @return a copy of the list, oldest first
   */
  public List<InvocationResult> lateResults() {
    synchronized (lateResults) {
      return List.copyOf(lateResults);
    }
  }

  /**
   * Ends every poll now waiting for an event, without one. Call it after stopping a function
   * process that may have left a poll open: otherwise that poll, whose client is gone, would take
   * the next event and the process that replaces it would never see it.
   */
  public void abandonOpenPolls() {
    pollGeneration.incrementAndGet();
  }

  /**
   * Stops the server; invocations that have not ended fail with an {@link IllegalStateException}.
   */
  @Override
  public void close() {
    closed = true;
    server.stop(0);
    requestThreads.shutdownNow();
    timers.shutdownNow();
    for (Invocation invocation : invocations.values()) {
      invocation.result.completeExceptionally(
          new IllegalStateException("the Runtime API stand-in closed before the invocation ended"));
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("GET".equals(method) && path.equals(API_PREFIX + "/invocation/next")) {
        next(exchange);
        return;
      }
      if ("POST".equals(method) && path.equals(API_PREFIX + "/init/error")) {
        initError(exchange, body);
        return;
      }
      Matcher matcher = INVOCATION_PATH.matcher(path);
      if ("POST".equals(method) && matcher.matches()) {
        boolean isResponse = matcher.group(2).equals("response");
        invocationEnd(exchange, matcher.group(1), isResponse, body);
        return;
      }
      send(exchange, 404, error("NotFound", "no such route: " + method + " " + path));
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    if (polls.getAndIncrement() == 0) {
      firstPollAtNanos = now;
    }
    long generation = pollGeneration.get();
    Invocation invocation = null;
    try {
      while (invocation == null && !closed && generation == pollGeneration.get()) {
        invocation = queue.poll(POLL_SLICE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation != null && generation != pollGeneration.get()) {
      // Taken just as this poll was abandoned: it belongs to the next poll.
      queue.addFirst(invocation);
      invocation = null;
    }
    if (invocation == null) {
      send(
          exchange, 500, error("ServiceException", "the poll was abandoned or the API is closing"));
      return;
    }
    Invocation delivered = invocation;
    delivered.receivedAtNanos = System.nanoTime();
    delivered.deadline = Instant.now().plus(delivered.timeout);
    timers.schedule(
        () -> delivered.complete(Outcome.TIMED_OUT, new byte[0], null),
        delivered.timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", delivered.requestId);
    exchange
        .getResponseHeaders()
        .set("Lambda-Runtime-Deadline-Ms", Long.toString(delivered.deadline.toEpochMilli()));
    exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", invokedFunctionArn);
    exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", traceId());
    send(exchange, 200, delivered.event);
  }

  private void initError(HttpExchange exchange, byte[] body) throws IOException {
    String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    synchronized (initErrors) {
      initErrors.add(
          new InitError(errorType, new String(body, StandardCharsets.UTF_8), System.nanoTime()));
    }
    // Lambda answers the invoke that started the environment with the init error.
    Invocation waiting = queue.poll();
    if (waiting != null) {
      waiting.complete(Outcome.INIT_ERROR, body, errorType);
    }
    send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
  }

  private void invocationEnd(
      HttpExchange exchange, String requestId, boolean isResponse, byte[] body) throws IOException {
    Invocation invocation = invocations.get(requestId);
    if (invocation == null || invocation.receivedAtNanos == 0) {
      send(exchange, 400, error("InvalidRequestID", "Invalid request ID: " + requestId));
      return;
    }
    String errorType =
        isResponse
            ? null
            : exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    Outcome outcome = isResponse ? Outcome.RESPONSE : Outcome.ERROR;
    if (invocation.result.isDone()) {
      InvocationResult earlier = invocation.result.join();
      if (earlier.outcome() != Outcome.TIMED_OUT) {
        send(exchange, 400, error("InvalidStateTransition", "invocation already ended"));
        return;
      }
      long now = System.nanoTime();
      synchronized (lateResults) {
        lateResults.add(
            new InvocationResult(
                requestId, outcome, body, errorType, invocation.receivedAtNanos, now));
      }
    } else {
      invocation.complete(outcome, body, errorType);
    }
    send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    String epochSeconds = Long.toHexString(Instant.now().getEpochSecond());
    byte[] unique = new byte[12];
    byte[] parent = new byte[8];
    random.nextBytes(unique);
    random.nextBytes(parent);
    return "Root=1-"
        + epochSeconds
        + "-"
        + hex.formatHex(unique)
        + ";Parent="
        + hex.formatHex(parent)
        + ";Sampled=0";
  }

  private static byte[] error(String type, String message) {
    try {
      return JSON.std.asBytes(Map.of("errorType", type, "errorMessage", message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

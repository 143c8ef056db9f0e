package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stateful local stand-in for the Amazon Chime SDK Voice endpoint, limited to voice connector
 * groups and the phone-number calls that touch them.
 *
 * <p>It listens on {@code 127.0.0.1} on an ephemeral port and speaks the service's rest-json wire
 * format (paths, methods, status codes and JSON member names of the 2022-08-03 model), so the real
 * {@code ChimeSdkVoiceClient} can be pointed at {@link #endpoint()}. Errors look like the
 * service's: the HTTP status, an {@code x-amzn-ErrorType} header naming the modelled exception (for
 * example {@code NotFoundException}) and a JSON body with {@code Code} and {@code Message}.
 * Requests without a SigV4 {@code Authorization} header are refused with 401.
 *
 * <p>Enforced as the service does: group name 1-256 characters of {@code [a-zA-Z0-9 _.-]}, at most
 * 3 voice connector items, priority 1-99, non-blank and unique voice connector ids, Update needs
 * both {@code Name} and {@code VoiceConnectorItems}, a group with items or phone numbers cannot be
 * deleted. Once {@link #registerVoiceConnectors} has been called, items naming an unregistered
 * voice connector are refused with 404 {@code NotFoundException}.
 *
 * <p>Tests inject faults per {@link Operation} ({@link #failNext}, {@link #failAlways}, {@link
 * #throttle}, {@link #hangNext}, {@link #hangAlways}, {@link #hangUntilClosed}), inspect state
 * ({@link #groups()}, {@link #phoneNumbers(String)}, {@link #requests()}) and change it out of band
 * ({@link #seedGroup}, {@link #seedPhoneNumber}, {@link #deleteGroupOutOfBand}). {@link #close()}
 * returns promptly even while requests hang. All methods are thread-safe.
 */
public final class ChimeSdkVoiceStandIn implements AutoCloseable {

  /** Region used in ARNs when none is given to {@link #start(String, String)}. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Account id used in ARNs when none is given to {@link #start(String, String)}. */
  public static final String DEFAULT_ACCOUNT_ID = "111122223333";

  /** The maximum number of voice connector items in a group (documented service limit). */
  public static final int MAX_ITEMS = 3;

  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9 _.-]+");
  private static final String GROUPS_PATH = "/voice-connector-groups";
  private static final String PHONE_NUMBERS_PATH = "/phone-numbers";

  /** The operations this stand-in serves, by their names in the service model. */
  public enum Operation {
    /** {@code POST /voice-connector-groups}. */
    CREATE_VOICE_CONNECTOR_GROUP("CreateVoiceConnectorGroup"),
    /** {@code GET /voice-connector-groups/{id}}. */
    GET_VOICE_CONNECTOR_GROUP("GetVoiceConnectorGroup"),
    /** {@code PUT /voice-connector-groups/{id}}. */
    UPDATE_VOICE_CONNECTOR_GROUP("UpdateVoiceConnectorGroup"),
    /** {@code DELETE /voice-connector-groups/{id}}. */
    DELETE_VOICE_CONNECTOR_GROUP("DeleteVoiceConnectorGroup"),
    /** {@code GET /voice-connector-groups}. */
    LIST_VOICE_CONNECTOR_GROUPS("ListVoiceConnectorGroups"),
    /** {@code GET /phone-numbers}. */
    LIST_PHONE_NUMBERS("ListPhoneNumbers"),
    /** {@code POST /voice-connector-groups/{id}?operation=associate-phone-numbers}. */
    ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP(
        "AssociatePhoneNumbersWithVoiceConnectorGroup"),
    /** {@code POST /voice-connector-groups/{id}?operation=disassociate-phone-numbers}. */
    DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP(
        "DisassociatePhoneNumbersFromVoiceConnectorGroup"),
    /** Any request that matches no route; answered 404. */
    UNKNOWN("Unknown");

    private final String modelName;

    Operation(String modelName) {
      this.modelName = modelName;
    }

    /**
     * The operation's name in the service model.
     *
     * @return for example {@code CreateVoiceConnectorGroup}
     */
    public String modelName() {
      return modelName;
    }
  }

  /**
   * A voice connector item as stored in a group.
   *
   * @param voiceConnectorId the voice connector's id
   * @param priority 1 (highest) to 99
   */
  public record Item(String voiceConnectorId, int priority) {}

  /**
   * A snapshot of one stored group.
   *
   * @param id the group id (a UUID)
   * @param arn {@code arn:aws:chime:<region>:<account>:vcg/<id>}
   * @param name the group's name
   * @param items the group's items, in the order last written
   * @param createdTimestamp when it was created
   * @param updatedTimestamp when it was last updated
   */
  public record Group(
      String id,
      String arn,
      String name,
      List<Item> items,
      Instant createdTimestamp,
      Instant updatedTimestamp) {
    /**
     * Copies the item list so the snapshot cannot change.
     *
     * @param id the group id
     * @param arn the group ARN
     * @param name the name
     * @param items the items
     * @param createdTimestamp creation time
     * @param updatedTimestamp last update time
     */
    public Group {
      items = List.copyOf(items);
    }
  }

  /**
   * One request as received, recorded before any fault or validation applies.
   *
   * @param operation the operation it was routed to
   * @param method the HTTP method
   * @param path the raw path, without the query string
   * @param receivedAt when it arrived
   */
  public record Request(Operation operation, String method, String path, Instant receivedAt) {}

  /**
   * An injected fault: an error answer, or a hold of {@code hang} (null: until closed); before the
   * call is served, or with {@code answerFirst} after it took effect.
   */
  private record Fault(
      int status, String errorType, String message, Duration hang, boolean answerFirst) {
    Fault(int status, String errorType, String message, Duration hang) {
      this(status, errorType, message, hang, false);
    }
  }

  private static final class FaultEntry {
    final Fault fault;
    int remaining; // negative means every call

    FaultEntry(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private static final class StoredGroup {
    final String id;
    final String arn;
    String name;
    List<Item> items;
    final Instant created;
    Instant updated;

    StoredGroup(String id, String arn, String name, List<Item> items, Instant created) {
      this.id = id;
      this.arn = arn;
      this.name = name;
      this.items = items;
      this.created = created;
      this.updated = created;
    }

    Group snapshot() {
      return new Group(id, arn, name, items, created, updated);
    }
  }

  private static final class ServiceError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String errorType;

    ServiceError(int status, String errorType, String message) {
      super(message, null, false, false);
      this.status = status;
      this.errorType = errorType;
    }
  }

  private final String region;
  private final String accountId;
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private final Map<String, StoredGroup> groups = new LinkedHashMap<>();
  private final Map<String, String> phoneNumberGroups = new TreeMap<>(); // e164 -> group id or ""
  private final Set<String> knownVoiceConnectors = new HashSet<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<Operation, Deque<FaultEntry>> faults = new EnumMap<>(Operation.class);

  private ChimeSdkVoiceStandIn(String region, String accountId) throws IOException {
    this.region = Objects.requireNonNull(region, "region");
    this.accountId = Objects.requireNonNull(accountId, "accountId");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "chime-sdk-voice-stand-in");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts a stand-in on {@code 127.0.0.1} with {@link #DEFAULT_REGION} and {@link
   * #DEFAULT_ACCOUNT_ID} in its ARNs.
   *
   * @return the running stand-in
   * @throws IOException if no local port can be bound
   */
  public static ChimeSdkVoiceStandIn start() throws IOException {
    return new ChimeSdkVoiceStandIn(DEFAULT_REGION, DEFAULT_ACCOUNT_ID);
  }

  /**
   * Starts a stand-in on {@code 127.0.0.1} whose ARNs carry the given region and account.
   *
   * @param region the region in group ARNs
   * @param accountId the account id in group ARNs
   * @return the running stand-in
   * @throws IOException if no local port can be bound
   */
  public static ChimeSdkVoiceStandIn start(String region, String accountId) throws IOException {
    return new ChimeSdkVoiceStandIn(region, accountId);
  }

  /**
   * The base URL to give the SDK ({@code endpointOverride}, or {@code
   * AWS_ENDPOINT_URL_CHIME_SDK_VOICE}).
   *
   * @return for example {@code http://127.0.0.1:41234}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The region in this stand-in's ARNs.
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  /**
   * The account id in this stand-in's ARNs.
   *
   * @return the account id
   */
  public String accountId() {
    return accountId;
  }

  /**
   * The ARN the service gives a group with this id.
   *
   * @param groupId the group id
   * @return {@code arn:aws:chime:<region>:<account>:vcg/<groupId>}
   */
  public String arnOf(String groupId) {
    return "arn:aws:chime:" + region + ":" + accountId + ":vcg/" + groupId;
  }

  // ---------------------------------------------------------------- state: set up and inspect

  /**
   * Registers voice connectors as existing. Until this is first called every voice connector id is
   * accepted; afterwards items naming an unregistered id are refused with 404 {@code
   * NotFoundException}.
   *
   * @param voiceConnectorIds ids to register
   */
  public void registerVoiceConnectors(String... voiceConnectorIds) {
    synchronized (lock) {
      knownVoiceConnectors.addAll(List.of(voiceConnectorIds));
    }
  }

  /**
   * Stores a group directly, without an API call and without validation.
   *
   * @param name the group's name
   * @param items its items
   * @return the new group's id
   */
  public String seedGroup(String name, List<Item> items) {
    synchronized (lock) {
      return insertGroup(name, items).id;
    }
  }

  /**
   * Adds a phone number to the account's inventory, associated with a group or with none.
   *
   * @param e164PhoneNumber the number, for example {@code +12065550100}
   * @param groupId the group to associate it with, or {@code null} for an unassigned number
   * @throws IllegalArgumentException if the group does not exist
   */
  public void seedPhoneNumber(String e164PhoneNumber, String groupId) {
    synchronized (lock) {
      if (groupId != null && !groups.containsKey(groupId)) {
        throw new IllegalArgumentException("no group with id " + groupId);
      }
      phoneNumberGroups.put(e164PhoneNumber, groupId == null ? "" : groupId);
    }
  }

  /**
   * Deletes a group as someone outside the stack would, ignoring its items and releasing its phone
   * numbers, without recording a request.
   *
   * @param groupId the group to delete
   * @return whether it existed
   */
  public boolean deleteGroupOutOfBand(String groupId) {
    synchronized (lock) {
      phoneNumberGroups.replaceAll((number, group) -> group.equals(groupId) ? "" : group);
      return groups.remove(groupId) != null;
    }
  }

  /**
   * All stored groups, in creation order.
   *
   * @return snapshots of the groups
   */
  public List<Group> groups() {
    synchronized (lock) {
      return groups.values().stream().map(StoredGroup::snapshot).toList();
    }
  }

  /**
   * One stored group.
   *
   * @param groupId the group id
   * @return its snapshot, or empty if there is no such group
   */
  public Optional<Group> group(String groupId) {
    synchronized (lock) {
      return Optional.ofNullable(groups.get(groupId)).map(StoredGroup::snapshot);
    }
  }

  /**
   * The phone numbers associated with a group.
   *
   * @param groupId the group id
   * @return E.164 numbers, sorted
   */
  public List<String> phoneNumbers(String groupId) {
    synchronized (lock) {
      return phoneNumberGroups.entrySet().stream()
          .filter(entry -> entry.getValue().equals(groupId))
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  /**
   * Every request received so far, in arrival order.
   *
   * @return the request log
   */
  public List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * How many requests were routed to an operation.
   *
   * @param operation the operation
   * @return the count, failed and hung requests included
   */
  public long requestCount(Operation operation) {
    synchronized (lock) {
      return requests.stream().filter(request -> request.operation() == operation).count();
    }
  }

  /** Forgets the request log, for example between lifecycle events. */
  public void clearRequests() {
    synchronized (lock) {
      requests.clear();
    }
  }

  // ---------------------------------------------------------------- fault injection

  /**
   * Answers the next {@code times} calls of an operation with an error, as the service would.
   *
   * @param operation the operation
   * @param times how many calls
   * @param status the HTTP status, for example 500
   * @param errorType the modelled exception, for example {@code ServiceFailureException}; the JSON
   *     {@code Code} is this without the {@code Exception} suffix
   * @param message the error message
   */
  public void failNext(
      Operation operation, int times, int status, String errorType, String message) {
    addFault(operation, new Fault(status, errorType, message, null), requirePositive(times));
  }

  /**
   * Answers every later call of an operation with an error.
   *
   * @param operation the operation
   * @param status the HTTP status
   * @param errorType the modelled exception, for example {@code ServiceUnavailableException}
   * @param message the error message
   */
  public void failAlways(Operation operation, int status, String errorType, String message) {
    addFault(operation, new Fault(status, errorType, message, null), -1);
  }

  /**
   * Answers the next {@code times} calls of an operation with 429 {@code ThrottledClientException}.
   *
   * @param operation the operation
   * @param times how many calls
   */
  public void throttle(Operation operation, int times) {
    failNext(operation, times, 429, "ThrottledClientException", "Rate exceeded");
  }

  /**
   * Holds the next {@code times} calls of an operation for a while, then serves them normally (a
   * slow service: the call still takes effect). The hold ends early, without effect, on {@link
   * #close()}.
   *
   * @param operation the operation
   * @param times how many calls
   * @param duration how long to hold each
   */
  public void hangNext(Operation operation, int times, Duration duration) {
    addFault(operation, new Fault(0, null, null, duration), requirePositive(times));
  }

  /**
   * Holds every later call of an operation for a while, then serves it normally.
   *
   * @param operation the operation
   * @param duration how long to hold each call
   */
  public void hangAlways(Operation operation, Duration duration) {
    addFault(operation, new Fault(0, null, null, duration), -1);
  }

  /**
   * Serves the next {@code times} calls of an operation at once but holds their answers for a while
   * (the call takes effect; a caller that gives up first never learns its outcome).
   *
   * @param operation the operation
   * @param times how many calls
   * @param duration how long to hold each answer
   */
  public void holdAnswerOfNext(Operation operation, int times, Duration duration) {
    addFault(operation, new Fault(0, null, null, duration, true), requirePositive(times));
  }

  /**
   * Serves the next {@code times} calls of an operation (they take effect) but answers them with an
   * error, as a service that fails after committing would.
   *
   * @param operation the operation
   * @param times how many calls
   * @param status the HTTP status, for example 503
   * @param errorType the modelled exception, for example {@code ServiceUnavailableException}
   * @param message the error message
   */
  public void failAfterServingNext(
      Operation operation, int times, int status, String errorType, String message) {
    addFault(operation, new Fault(status, errorType, message, null, true), requirePositive(times));
  }

  /**
   * Holds every later call of an operation until {@link #close()}, which drops it without effect.
   *
   * @param operation the operation
   */
  public void hangUntilClosed(Operation operation) {
    hangAlways(operation, null);
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
  }

  /** Stops the server at once, dropping requests that are being held. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private static int requirePositive(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    return times;
  }

  private void addFault(Operation operation, Fault fault, int times) {
    synchronized (lock) {
      faults
          .computeIfAbsent(operation, key -> new ArrayDeque<>())
          .add(new FaultEntry(fault, times));
    }
  }

  private Fault takeFault(Operation operation) {
    Deque<FaultEntry> queue = faults.get(operation);
    if (queue == null || queue.isEmpty()) {
      return null;
    }
    FaultEntry entry = queue.peek();
    if (entry.remaining > 0 && --entry.remaining == 0) {
      queue.poll();
    }
    return entry.fault;
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Operation operation = route(method, path, query);
      Fault fault;
      synchronized (lock) {
        requests.add(new Request(operation, method, path, Instant.now()));
        fault = takeFault(operation);
      }
      if (fault != null && fault.errorType == null && !fault.answerFirst) {
        boolean stillOpen = hold(fault.hang);
        if (!stillOpen) {
          return; // closed while held: drop without effect
        }
        fault = null;
      }
      try {
        if (fault != null && fault.errorType != null && !fault.answerFirst) {
          throw new ServiceError(fault.status, fault.errorType, fault.message);
        }
        Answer answer = authorizedServe(exchange, operation, path, query, body);
        if (fault != null && fault.errorType != null) {
          throw new ServiceError(fault.status, fault.errorType, fault.message);
        }
        if (fault != null && fault.answerFirst && !hold(fault.hang)) {
          return; // closed while the answer was held: the call took effect all the same
        }
        send(exchange, answer.status, answer.body, null);
      } catch (ServiceError error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("Code", error.errorType.replaceFirst("Exception$", ""));
        payload.put("Message", error.getMessage());
        send(exchange, error.status, payload, error.errorType);
      }
    }
  }

  private Answer authorizedServe(
      HttpExchange exchange,
      Operation operation,
      String path,
      Map<String, String> query,
      byte[] body)
      throws IOException, ServiceError {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      throw new ServiceError(
          401, "UnauthorizedClientException", "Missing or invalid SigV4 Authorization header");
    }
    Map<String, Object> request =
        body.length == 0 ? Map.of() : JSON.std.mapFrom(new String(body, StandardCharsets.UTF_8));
    return serve(operation, path, query, request);
  }

  private boolean hold(Duration duration) {
    try {
      if (duration == null) {
        closed.await();
        return false;
      }
      return !closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void send(
      HttpExchange exchange, int status, Map<String, Object> payload, String errorType)
      throws IOException {
    byte[] bytes =
        payload == null ? new byte[0] : JSON.std.asString(payload).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if (errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    if (payload != null) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  private static Operation route(String method, String path, Map<String, String> query) {
    if (path.equals(GROUPS_PATH)) {
      return switch (method) {
        case "POST" -> Operation.CREATE_VOICE_CONNECTOR_GROUP;
        case "GET" -> Operation.LIST_VOICE_CONNECTOR_GROUPS;
        default -> Operation.UNKNOWN;
      };
    }
    if (path.equals(PHONE_NUMBERS_PATH)) {
      return method.equals("GET") ? Operation.LIST_PHONE_NUMBERS : Operation.UNKNOWN;
    }
    if (path.startsWith(GROUPS_PATH + "/") && path.indexOf('/', GROUPS_PATH.length() + 1) < 0) {
      String action = query.get("operation");
      return switch (method) {
        case "GET" -> Operation.GET_VOICE_CONNECTOR_GROUP;
        case "PUT" -> Operation.UPDATE_VOICE_CONNECTOR_GROUP;
        case "DELETE" -> Operation.DELETE_VOICE_CONNECTOR_GROUP;
        case "POST" -> {
          if ("associate-phone-numbers".equals(action)) {
            yield Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP;
          }
          if ("disassociate-phone-numbers".equals(action)) {
            yield Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP;
          }
          yield Operation.UNKNOWN;
        }
        default -> Operation.UNKNOWN;
      };
    }
    return Operation.UNKNOWN;
  }

  private record Answer(int status, Map<String, Object> body) {}

  private Answer serve(
      Operation operation, String path, Map<String, String> query, Map<String, Object> request)
      throws ServiceError {
    String groupId =
        path.startsWith(GROUPS_PATH + "/")
            ? URLDecoder.decode(path.substring(GROUPS_PATH.length() + 1), StandardCharsets.UTF_8)
            : null;
    synchronized (lock) {
      return switch (operation) {
        case CREATE_VOICE_CONNECTOR_GROUP -> create(request);
        case GET_VOICE_CONNECTOR_GROUP -> new Answer(200, groupPayload(existing(groupId)));
        case UPDATE_VOICE_CONNECTOR_GROUP -> update(groupId, request);
        case DELETE_VOICE_CONNECTOR_GROUP -> delete(groupId);
        case LIST_VOICE_CONNECTOR_GROUPS -> listGroups(query);
        case LIST_PHONE_NUMBERS -> listPhoneNumbers(query);
        case ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP -> associate(groupId, request);
        case DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP ->
            disassociate(groupId, request);
        case UNKNOWN ->
            throw new ServiceError(404, "NotFoundException", "No operation matches " + path);
      };
    }
  }

  private Answer create(Map<String, Object> request) throws ServiceError {
    String name = validName(request.get("Name"));
    List<Item> items =
        request.containsKey("VoiceConnectorItems")
            ? validItems(request.get("VoiceConnectorItems"))
            : List.of();
    return new Answer(201, groupPayload(insertGroup(name, items)));
  }

  private Answer update(String groupId, Map<String, Object> request) throws ServiceError {
    if (!request.containsKey("Name")) {
      throw badRequest("Name is required");
    }
    if (!request.containsKey("VoiceConnectorItems")) {
      throw badRequest("VoiceConnectorItems is required");
    }
    String name = validName(request.get("Name"));
    List<Item> items = validItems(request.get("VoiceConnectorItems"));
    StoredGroup group = existing(groupId);
    group.name = name;
    group.items = items;
    group.updated = now();
    return new Answer(202, groupPayload(group));
  }

  private Answer delete(String groupId) throws ServiceError {
    StoredGroup group = existing(groupId);
    if (!group.items.isEmpty()) {
      throw badRequest(
          "Voice connector group "
              + groupId
              + " still has voice connector items; remove them first");
    }
    if (phoneNumberGroups.containsValue(groupId)) {
      throw badRequest(
          "Voice connector group " + groupId + " still has phone numbers; disassociate them first");
    }
    groups.remove(groupId);
    return new Answer(204, null);
  }

  private Answer listGroups(Map<String, String> query) throws ServiceError {
    int maxResults = maxResults(query, 100);
    int start = nextToken(query);
    List<StoredGroup> all = new ArrayList<>(groups.values());
    List<Object> page = new ArrayList<>();
    for (int i = start; i < Math.min(all.size(), start + maxResults); i++) {
      page.add(groupFields(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("VoiceConnectorGroups", page);
    if (start + maxResults < all.size()) {
      body.put("NextToken", Integer.toString(start + maxResults));
    }
    return new Answer(200, body);
  }

  private Answer listPhoneNumbers(Map<String, String> query) throws ServiceError {
    String filterName = query.get("filter-name");
    String filterValue = query.get("filter-value");
    if (filterName != null
        && !Set.of("VoiceConnectorId", "VoiceConnectorGroupId", "SipRuleId").contains(filterName)) {
      throw badRequest(
          "filter-name '"
              + filterName
              + "' is not one of VoiceConnectorId, VoiceConnectorGroupId, SipRuleId");
    }
    int maxResults = maxResults(query, 500);
    int start = nextToken(query);
    List<Map.Entry<String, String>> matching =
        phoneNumberGroups.entrySet().stream()
            .filter(
                entry ->
                    filterName == null
                        || filterName.equals("VoiceConnectorGroupId")
                            && entry.getValue().equals(filterValue))
            .toList();
    List<Object> page = new ArrayList<>();
    for (int i = start; i < Math.min(matching.size(), start + maxResults); i++) {
      page.add(phoneNumberFields(matching.get(i).getKey(), matching.get(i).getValue()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("PhoneNumbers", page);
    if (start + maxResults < matching.size()) {
      body.put("NextToken", Integer.toString(start + maxResults));
    }
    return new Answer(200, body);
  }

  private Answer associate(String groupId, Map<String, Object> request) throws ServiceError {
    existing(groupId);
    boolean force = Boolean.TRUE.equals(request.get("ForceAssociate"));
    List<Object> errors = new ArrayList<>();
    for (String number : phoneNumberList(request)) {
      String current = phoneNumberGroups.get(number);
      if (current == null) {
        errors.add(phoneNumberError(number, "NotFound", "Phone number not found"));
      } else if (!current.isEmpty() && !current.equals(groupId) && !force) {
        errors.add(
            phoneNumberError(number, "Conflict", "Phone number is associated with " + current));
      } else {
        phoneNumberGroups.put(number, groupId);
      }
    }
    return new Answer(200, Map.of("PhoneNumberErrors", errors));
  }

  private Answer disassociate(String groupId, Map<String, Object> request) throws ServiceError {
    existing(groupId);
    List<Object> errors = new ArrayList<>();
    for (String number : phoneNumberList(request)) {
      if (groupId.equals(phoneNumberGroups.get(number))) {
        phoneNumberGroups.put(number, "");
      } else {
        errors.add(
            phoneNumberError(
                number, "NotFound", "Phone number is not associated with group " + groupId));
      }
    }
    return new Answer(200, Map.of("PhoneNumberErrors", errors));
  }

  // ---------------------------------------------------------------- validation and payloads

  private StoredGroup insertGroup(String name, List<Item> items) {
    String id = UUID.randomUUID().toString();
    StoredGroup group = new StoredGroup(id, arnOf(id), name, List.copyOf(items), now());
    groups.put(id, group);
    return group;
  }

  private StoredGroup existing(String groupId) throws ServiceError {
    StoredGroup group = groupId == null ? null : groups.get(groupId);
    if (group == null) {
      throw new ServiceError(
          404, "NotFoundException", "Voice connector group " + groupId + " not found");
    }
    return group;
  }

  private static String validName(Object value) throws ServiceError {
    if (!(value instanceof String name)) {
      throw badRequest("Name is required and must be a string, was " + value);
    }
    if (name.isEmpty() || name.length() > 256 || !NAME_PATTERN.matcher(name).matches()) {
      throw badRequest("Name '" + name + "' must be 1-256 characters matching [a-zA-Z0-9 _.-]+");
    }
    return name;
  }

  private List<Item> validItems(Object value) throws ServiceError {
    if (!(value instanceof List<?> list)) {
      throw badRequest("VoiceConnectorItems must be a list, was " + value);
    }
    if (list.size() > MAX_ITEMS) {
      throw badRequest(
          "VoiceConnectorItems has " + list.size() + " items; at most " + MAX_ITEMS + " allowed");
    }
    List<Item> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Object element : list) {
      if (!(element instanceof Map<?, ?> map)) {
        throw badRequest("VoiceConnectorItems element must be an object, was " + element);
      }
      Object id = map.get("VoiceConnectorId");
      Object priority = map.get("Priority");
      if (!(id instanceof String connectorId) || connectorId.isBlank()) {
        throw badRequest("VoiceConnectorId must be a non-blank string, was '" + id + "'");
      }
      if (!(priority instanceof Number number)
          || number.doubleValue() != number.intValue()
          || number.intValue() < 1
          || number.intValue() > 99) {
        throw badRequest("Priority must be an integer from 1 to 99, was " + priority);
      }
      if (!seen.add(connectorId)) {
        throw badRequest("VoiceConnectorId '" + connectorId + "' appears more than once");
      }
      if (!knownVoiceConnectors.isEmpty() && !knownVoiceConnectors.contains(connectorId)) {
        throw new ServiceError(
            404, "NotFoundException", "Voice connector " + connectorId + " not found");
      }
      items.add(new Item(connectorId, number.intValue()));
    }
    return Collections.unmodifiableList(items);
  }

  private static List<String> phoneNumberList(Map<String, Object> request) throws ServiceError {
    if (!(request.get("E164PhoneNumbers") instanceof List<?> list)) {
      throw badRequest("E164PhoneNumbers is required");
    }
    List<String> numbers = new ArrayList<>();
    for (Object element : list) {
      numbers.add(String.valueOf(element));
    }
    return numbers;
  }

  private static int maxResults(Map<String, String> query, int limit) throws ServiceError {
    String value = query.get("max-results");
    if (value == null) {
      return limit;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= limit) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badRequest("max-results '" + value + "' must be an integer from 1 to " + limit);
  }

  private static int nextToken(Map<String, String> query) throws ServiceError {
    String value = query.get("next-token");
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseUnsignedInt(value);
    } catch (NumberFormatException e) {
      throw badRequest("next-token '" + value + "' is not valid");
    }
  }

  private static ServiceError badRequest(String message) {
    return new ServiceError(400, "BadRequestException", message);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Map<String, Object> groupPayload(StoredGroup group) {
    return Map.of("VoiceConnectorGroup", groupFields(group));
  }

  private static Map<String, Object> groupFields(StoredGroup group) {
    List<Object> items = new ArrayList<>();
    for (Item item : group.items) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("VoiceConnectorId", item.voiceConnectorId());
      fields.put("Priority", item.priority());
      items.add(fields);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("VoiceConnectorGroupId", group.id);
    fields.put("Name", group.name);
    fields.put("VoiceConnectorItems", items);
    fields.put("CreatedTimestamp", group.created.toString());
    fields.put("UpdatedTimestamp", group.updated.toString());
    fields.put("VoiceConnectorGroupArn", group.arn);
    return fields;
  }

  private static Map<String, Object> phoneNumberFields(String number, String groupId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("PhoneNumberId", number);
    fields.put("E164PhoneNumber", number);
    fields.put("Country", "US");
    fields.put("Type", "Local");
    fields.put("ProductType", "VoiceConnector");
    fields.put("Status", groupId.isEmpty() ? "Unassigned" : "Assigned");
    List<Object> associations = new ArrayList<>();
    if (!groupId.isEmpty()) {
      Map<String, Object> association = new LinkedHashMap<>();
      association.put("Value", groupId);
      association.put("Name", "VoiceConnectorGroupId");
      associations.add(association);
    }
    fields.put("Associations", associations);
    return fields;
  }

  private static Map<String, Object> phoneNumberError(String number, String code, String message) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("PhoneNumberId", number);
    fields.put("ErrorCode", code);
    fields.put("ErrorMessage", message);
    return fields;
  }
}

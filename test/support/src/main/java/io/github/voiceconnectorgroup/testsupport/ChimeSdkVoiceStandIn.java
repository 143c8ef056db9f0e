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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
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
import java.util.regex.Matcher;
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
 * <p>It checks requests against the API model, not against any rule of the code under test: group
 * name 1-256 characters of {@code [a-zA-Z0-9 _.-]}, required members, priority 1-99, non-blank
 * voice connector ids, phone numbers matching {@code ^\+?[1-9]\d{1,14}$}, {@code max-results}
 * 1-100; and the documented limits beyond it: at most {@value #MAX_ITEMS} items per group, {@value
 * #DEFAULT_GROUP_QUOTA} groups per account ({@link #setGroupQuota}), no delete of a group with
 * items or phone numbers. Once {@link #registerVoiceConnectors} has been called, items naming an
 * unregistered voice connector are refused with 404 {@code NotFoundException}.
 *
 * <p>It also has the service's unpleasant habits, on demand: a new group stays unknown to the calls
 * naming it for a while ({@link #setGetLag}), ListVoiceConnectorGroups lags behind creates and
 * deletes by its own while ({@link #setListLag}; {@link #setPropagationDelay} sets both),
 * ListPhoneNumbers shows associations as they were a while ago ({@link #setPhoneNumberListLag}), a
 * call can fail after it took effect ({@link #failAfterServingNext}) or lose its answer with the
 * connection after it took effect ({@link #dropAnswerOfNext}), IAM can refuse the first calls
 * ({@link #denyAccess(Operation, int)}).
 *
 * <p>Time comes from the {@link Clock} given to {@link #start(Clock)} (the UTC system clock by
 * default), so a test with a {@link ManualClock} runs a minute of lag in no time: created and
 * updated timestamps, lags, request arrival times and the end of {@link #denyAccess(Operation,
 * Duration)} are read from it. Faults that hold a request ({@link #hangNext}, {@link #hangAlways},
 * {@link #holdAnswerOfNext}) hold it for real time, since a caller's socket timeout runs in real
 * time too.
 *
 * <p>Phone numbers live in the account's inventory ({@link #orderPhoneNumber}); each is associated
 * with nothing, one group or one voice connector ({@link #associateWithVoiceConnector}).
 * AssociatePhoneNumbersWithVoiceConnectorGroup and its inverse report per-number failures as the
 * model says, with HTTP 200 and {@code PhoneNumberErrors}. The error codes are picks from the
 * model's {@code ErrorCode} enum, not codes observed from the service: {@code NotFound} for a
 * number outside the inventory or not on the group, {@code PhoneNumberAssociationsExist} for a
 * number associated elsewhere without {@code ForceAssociate}.
 *
 * <p>Tests inject faults per {@link Operation} ({@link #failNext}, {@link #failAlways}, {@link
 * #throttle}, {@link #hangNext}, {@link #hangAlways}, {@link #hangUntilClosed}, {@link
 * #holdAnswerOfNext}, {@link #failAfterServingNext}, {@link #dropAnswerOfNext}, {@link
 * #denyAccess(Operation, int)}); a call meets the faults queued for its operation in the order they
 * were added. They inspect state ({@link #groups()}, {@link #phoneNumbers(String)}, {@link
 * #association(String)}, {@link #requests()}) and change it out of band ({@link #seedGroup}, {@link
 * #seedPhoneNumber}, {@link #deleteGroupOutOfBand}). {@link #close()} returns promptly even while
 * requests hang. All methods are thread-safe.
 */
public final class ChimeSdkVoiceStandIn implements AutoCloseable {

  /** Region used in ARNs when none is given to {@link #start(String, String)}. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Account id used in ARNs when none is given to {@link #start(String, String)}. */
  public static final String DEFAULT_ACCOUNT_ID = "111122223333";

  /** The maximum number of voice connector items in a group (documented service limit). */
  public static final int MAX_ITEMS = 3;

  /**
   * Voice connector groups an account may hold unless raised (Amazon Chime SDK administrator guide,
   * "Voice Connector groups").
   */
  public static final int DEFAULT_GROUP_QUOTA = 3;

  /** The role named in AccessDenied messages, as IAM names the caller's assumed role. */
  public static final String CALLER_ROLE_NAME = "custom-resource-handler";

  // Constraints of the 2022-08-03 API model: VoiceConnectorGroupName, VoiceConnectorItemPriority,
  // E164PhoneNumber, ResultMax.
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9 _.-]+");
  private static final int NAME_MAX_LENGTH = 256;
  private static final int PRIORITY_MIN = 1;
  private static final int PRIORITY_MAX = 99;
  private static final Pattern E164_PATTERN = Pattern.compile("^\\+?[1-9]\\d{1,14}$");
  private static final int RESULT_MAX = 100;
  private static final List<String> PHONE_NUMBER_FILTERS =
      List.of("VoiceConnectorId", "VoiceConnectorGroupId", "SipRuleId");

  private static final String GROUPS_PATH = "/voice-connector-groups";
  private static final String PHONE_NUMBERS_PATH = "/phone-numbers";
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("Credential=([^/,\\s]+)/");

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
     * The operation's name in the service model, which is also its IAM action after {@code chime:}.
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
   * @param id the group id: 21 lower-case letters and digits, shaped like the service's
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
   * What a phone number is associated with, named as the model's {@code PhoneNumberAssociation}
   * names it.
   *
   * @param name {@value #VOICE_CONNECTOR_GROUP_ID} or {@value #VOICE_CONNECTOR_ID}
   * @param value the group's or the voice connector's id
   */
  public record Association(String name, String value) {

    /** {@code Name} of an association with a voice connector group. */
    public static final String VOICE_CONNECTOR_GROUP_ID = "VoiceConnectorGroupId";

    /** {@code Name} of an association with a single voice connector. */
    public static final String VOICE_CONNECTOR_ID = "VoiceConnectorId";

    /**
     * An association with a voice connector group.
     *
     * @param groupId the group's id
     * @return the association
     */
    public static Association voiceConnectorGroup(String groupId) {
      return new Association(VOICE_CONNECTOR_GROUP_ID, groupId);
    }

    /**
     * An association with a single voice connector.
     *
     * @param voiceConnectorId the voice connector's id
     * @return the association
     */
    public static Association voiceConnector(String voiceConnectorId) {
      return new Association(VOICE_CONNECTOR_ID, voiceConnectorId);
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

  private enum FaultKind {
    /** Answer an error; the call has no effect. */
    ERROR,
    /** Serve the call, then answer an error. */
    ERROR_AFTER_SERVING,
    /** Hold the call, then serve it; closing drops it without effect. */
    HOLD,
    /** Serve the call, then hold its answer. */
    HOLD_ANSWER,
    /** IAM refuses the call: 403 AccessDeniedException, no effect. */
    ACCESS_DENIED,
    /** Serve the call, then drop the connection without any answer. */
    DROP_ANSWER
  }

  /** An injected fault; {@code hold} null means until closed. */
  private record Fault(
      FaultKind kind, int status, String errorType, String message, Duration hold) {

    static Fault error(FaultKind kind, int status, String errorType, String message) {
      return new Fault(kind, status, errorType, message, null);
    }

    static Fault hold(FaultKind kind, Duration hold) {
      return new Fault(kind, 0, null, null, hold);
    }

    ServiceError toError() {
      return new ServiceError(status, errorType, message);
    }
  }

  /** A queued fault, for a number of calls (negative: every call) or until an instant. */
  private static final class FaultEntry {
    final Fault fault;
    int remaining;
    final Instant until;

    FaultEntry(Fault fault, int remaining, Instant until) {
      this.fault = fault;
      this.remaining = remaining;
      this.until = until;
    }
  }

  private static final class StoredGroup {
    final long sequence;
    final String id;
    final String arn;
    String name;
    List<Item> items;
    final Instant created;
    Instant updated;
    final Instant visibleFrom;
    final Instant listedFrom;

    StoredGroup(
        long sequence,
        String id,
        String arn,
        String name,
        List<Item> items,
        Instant created,
        Instant visibleFrom,
        Instant listedFrom) {
      this.sequence = sequence;
      this.id = id;
      this.arn = arn;
      this.name = name;
      this.items = items;
      this.created = created;
      this.updated = created;
      this.visibleFrom = visibleFrom;
      this.listedFrom = listedFrom;
    }

    Group snapshot() {
      return new Group(id, arn, name, items, created, updated);
    }
  }

  /**
   * What a number was associated with from an instant on; {@code association} null when unassigned.
   */
  private record NumberState(
      Instant from, Association association, Instant associatedAt, Instant updated) {}

  /** A number of the account's inventory, with every association it has had, oldest first. */
  private static final class StoredNumber {
    final Instant created;
    final List<NumberState> history = new ArrayList<>();

    StoredNumber(Instant created) {
      this.created = created;
      history.add(new NumberState(Instant.MIN, null, null, created));
    }

    Association association() {
      return current().association();
    }

    NumberState current() {
      return history.get(history.size() - 1);
    }

    /** The state at an instant: the initial one for an instant before any change. */
    NumberState at(Instant instant) {
      for (int i = history.size() - 1; i > 0; i--) {
        if (!history.get(i).from().isAfter(instant)) {
          return history.get(i);
        }
      }
      return history.get(0);
    }

    void associate(Association newAssociation, Instant at) {
      history.add(new NumberState(at, newAssociation, newAssociation == null ? null : at, at));
    }

    /** Replaces the history: as if the number had always been so, for every lagged view. */
    void seed(Association newAssociation, Instant at) {
      history.clear();
      history.add(
          new NumberState(Instant.MIN, newAssociation, newAssociation == null ? null : at, at));
    }
  }

  /** A deleted group that ListVoiceConnectorGroups still shows until {@code listedUntil}. */
  private record DeletedGroup(StoredGroup group, Instant listedUntil) {}

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
  private final SecureRandom random = new SecureRandom();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private final Clock clock;
  private final Map<String, StoredGroup> groups = new LinkedHashMap<>();
  private final Map<String, DeletedGroup> stillListed = new LinkedHashMap<>();
  private final Map<String, StoredNumber> phoneNumbers = new TreeMap<>();
  private final Set<String> knownVoiceConnectors = new HashSet<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<Operation, Deque<FaultEntry>> faults = new EnumMap<>(Operation.class);
  private int groupQuota = DEFAULT_GROUP_QUOTA;
  private Duration getLag = Duration.ZERO;
  private Duration listLag = Duration.ZERO;
  private Duration phoneNumberListLag = Duration.ZERO;
  private long nextSequence;

  private ChimeSdkVoiceStandIn(String region, String accountId, Clock clock) throws IOException {
    this.region = Objects.requireNonNull(region, "region");
    this.accountId = Objects.requireNonNull(accountId, "accountId");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    return start(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Clock.systemUTC());
  }

  /**
   * Starts a stand-in on {@code 127.0.0.1} with {@link #DEFAULT_REGION} and {@link
   * #DEFAULT_ACCOUNT_ID} in its ARNs, reading the time from {@code clock}.
   *
   * @param clock where every "now" of the stand-in comes from, for example a {@link ManualClock}
   * @return the running stand-in
   * @throws IOException if no local port can be bound
   */
  public static ChimeSdkVoiceStandIn start(Clock clock) throws IOException {
    return start(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, clock);
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
    return start(region, accountId, Clock.systemUTC());
  }

  /**
   * Starts a stand-in on {@code 127.0.0.1} whose ARNs carry the given region and account and which
   * reads the time from {@code clock}: timestamps, lags, request arrival times and the end of
   * {@link #denyAccess(Operation, Duration)}. Holds ({@link #hangNext}, {@link #holdAnswerOfNext}
   * and the like) still last real time.
   *
   * @param region the region in group ARNs
   * @param accountId the account id in group ARNs
   * @param clock where every "now" of the stand-in comes from, for example a {@link ManualClock}
   * @return the running stand-in
   * @throws IOException if no local port can be bound
   */
  public static ChimeSdkVoiceStandIn start(String region, String accountId, Clock clock)
      throws IOException {
    return new ChimeSdkVoiceStandIn(region, accountId, clock);
  }

  /**
   * The clock this stand-in reads the time from.
   *
   * @return the clock given to {@code start}, or the UTC system clock
   */
  public Clock clock() {
    return clock;
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

  // ---------------------------------------------------------------- account settings

  /**
   * Sets how many voice connector groups the account may hold; CreateVoiceConnectorGroup beyond it
   * answers 400 {@code ResourceLimitExceededException}. Groups already stored, seeded ones
   * included, count.
   *
   * @param quota at least 0; {@value #DEFAULT_GROUP_QUOTA} until set
   * @throws IllegalArgumentException if negative
   */
  public void setGroupQuota(int quota) {
    if (quota < 0) {
      throw new IllegalArgumentException("group quota must be at least 0, was " + quota);
    }
    synchronized (lock) {
      groupQuota = quota;
    }
  }

  /**
   * Sets how long a group made by CreateVoiceConnectorGroup stays invisible to every call (eventual
   * consistency): {@link #setGetLag} and {@link #setListLag} both set to {@code delay}. The
   * Create's own answer carries the group. Seeded groups and groups made earlier are not affected.
   *
   * @param delay zero or more; zero until set
   * @throws IllegalArgumentException if negative
   */
  public void setPropagationDelay(Duration delay) {
    requireNotNegative(delay, "propagation delay");
    synchronized (lock) {
      getLag = delay;
      listLag = delay;
    }
  }

  /**
   * Sets how long a group made by CreateVoiceConnectorGroup stays unknown to the calls that name it
   * (terraform-provider-aws#34218: reads of a just-created Chime resource answer NotFound for up to
   * a minute): for that long GetVoiceConnectorGroup, UpdateVoiceConnectorGroup,
   * DeleteVoiceConnectorGroup, AssociatePhoneNumbersWithVoiceConnectorGroup and its inverse answer
   * 404 {@code NotFoundException}, and ListPhoneNumbers filtered by the group lists nothing. The
   * lag in force when a group is created applies to it; seeded groups are known at once.
   *
   * @param lag zero or more; zero until set
   * @throws IllegalArgumentException if negative
   */
  public void setGetLag(Duration lag) {
    requireNotNegative(lag, "get lag");
    synchronized (lock) {
      getLag = lag;
    }
  }

  /**
   * Sets how far ListVoiceConnectorGroups lags behind the account (not documented; REFERENCE
   * assumes it can): a group made by CreateVoiceConnectorGroup is missing from it for that long,
   * and a deleted group, by DeleteVoiceConnectorGroup or {@link #deleteGroupOutOfBand}, is still
   * listed for that long, as it last was, though every other call already answers NotFound. The lag
   * in force when the group is created or deleted applies to it; seeded groups are listed at once.
   * A listed group shows its current name and items, and a deleted group no longer counts towards
   * the quota.
   *
   * @param lag zero or more; zero until set
   * @throws IllegalArgumentException if negative
   */
  public void setListLag(Duration lag) {
    requireNotNegative(lag, "list lag");
    synchronized (lock) {
      listLag = lag;
    }
  }

  /**
   * Sets how far ListPhoneNumbers lags behind the associations: it answers with each number's
   * association as it was {@code lag} ago, both to match {@code filter-name} and in the {@code
   * Associations} and {@code Status} it returns. A number just associated with a group is missing
   * from the group's list, one just disassociated is still on it. The association and
   * disassociation calls, the delete check ("still has phone numbers") and {@link #phoneNumbers}
   * see the real state. Associations set by {@link #seedPhoneNumber} count as always so.
   *
   * @param lag zero or more; zero until set
   * @throws IllegalArgumentException if negative
   */
  public void setPhoneNumberListLag(Duration lag) {
    requireNotNegative(lag, "phone number list lag");
    synchronized (lock) {
      phoneNumberListLag = lag;
    }
  }

  private static void requireNotNegative(Duration duration, String what) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + duration);
    }
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
   * Stores a group directly, without an API call, validation, quota or propagation delay.
   *
   * @param name the group's name
   * @param items its items
   * @return the new group's id
   */
  public String seedGroup(String name, List<Item> items) {
    synchronized (lock) {
      return seedGroup(name, items, now());
    }
  }

  /**
   * Stores a group directly, as another stack's handler could have made it at {@code createdAt}
   * (for example an identical group made in the same seconds), without an API call, validation,
   * quota or lag: it is known and listed at once.
   *
   * @param name the group's name
   * @param items its items
   * @param createdAt its created and updated timestamps (kept to the millisecond, as the service's)
   * @return the new group's id
   */
  public String seedGroup(String name, List<Item> items, Instant createdAt) {
    Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS);
    synchronized (lock) {
      return insertGroup(name, items, created, Instant.MIN, Instant.MIN).id;
    }
  }

  /**
   * Adds phone numbers to the account's inventory, associated with nothing, as ordering them would.
   * A number already in the inventory keeps its association.
   *
   * @param e164PhoneNumbers the numbers, for example {@code +12065550100}
   * @throws IllegalArgumentException if a number does not match the model's E.164 pattern
   */
  public void orderPhoneNumber(String... e164PhoneNumbers) {
    synchronized (lock) {
      for (String number : e164PhoneNumbers) {
        phoneNumbers.computeIfAbsent(canonicalNumber(number), key -> new StoredNumber(now()));
      }
    }
  }

  /**
   * Adds a phone number to the account's inventory, associated with a group or with nothing,
   * replacing any association it had.
   *
   * @param e164PhoneNumber the number, for example {@code +12065550100}
   * @param groupId the group to associate it with, or {@code null} for an unassigned number
   * @throws IllegalArgumentException if the group does not exist or the number is not E.164
   */
  public void seedPhoneNumber(String e164PhoneNumber, String groupId) {
    synchronized (lock) {
      if (groupId != null && !groups.containsKey(groupId)) {
        throw new IllegalArgumentException("no group with id " + groupId);
      }
      Instant now = now();
      phoneNumbers
          .computeIfAbsent(canonicalNumber(e164PhoneNumber), key -> new StoredNumber(now))
          .seed(groupId == null ? null : Association.voiceConnectorGroup(groupId), now);
    }
  }

  /**
   * Associates a number of the inventory with a single voice connector, as someone outside the
   * stack would (AssociatePhoneNumbersWithVoiceConnector), removing any other association.
   *
   * @param e164PhoneNumber a number of the inventory
   * @param voiceConnectorId the voice connector
   * @throws IllegalArgumentException if the number is not in the inventory
   */
  public void associateWithVoiceConnector(String e164PhoneNumber, String voiceConnectorId) {
    synchronized (lock) {
      inventoryNumber(e164PhoneNumber)
          .associate(Association.voiceConnector(Objects.requireNonNull(voiceConnectorId)), now());
    }
  }

  /**
   * What a number of the inventory is associated with.
   *
   * @param e164PhoneNumber a number of the inventory
   * @return its association, or empty if it is unassigned
   * @throws IllegalArgumentException if the number is not in the inventory
   */
  public Optional<Association> association(String e164PhoneNumber) {
    synchronized (lock) {
      return Optional.ofNullable(inventoryNumber(e164PhoneNumber).association());
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
      Instant now = now();
      releaseNumbersOf(groupId, now);
      return removeGroup(groupId, now);
    }
  }

  /**
   * All stored groups, in creation order, those not yet visible through the API included, deleted
   * ones still listed (see {@link #setListLag}) not.
   *
   * @return snapshots of the groups
   */
  public List<Group> groups() {
    synchronized (lock) {
      return groups.values().stream().map(StoredGroup::snapshot).toList();
    }
  }

  /**
   * One stored group, visible through the API yet or not.
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
    Association wanted = Association.voiceConnectorGroup(groupId);
    synchronized (lock) {
      return phoneNumbers.entrySet().stream()
          .filter(entry -> wanted.equals(entry.getValue().association()))
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
    addFault(
        operation,
        Fault.error(FaultKind.ERROR, status, errorType, message),
        requirePositive(times),
        null);
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
    addFault(operation, Fault.error(FaultKind.ERROR, status, errorType, message), -1, null);
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
   * Refuses the next {@code times} calls of an operation as IAM refuses a caller whose policy is
   * not in effect yet: 403 {@code AccessDeniedException} with IAM's message naming the action,
   * without effect.
   *
   * @param operation the operation
   * @param times how many calls
   */
  public void denyAccess(Operation operation, int times) {
    addFault(operation, accessDenied(), requirePositive(times), null);
  }

  /**
   * Refuses every call of an operation for a while from now, as {@link #denyAccess(Operation, int)}
   * does. The while is measured on the stand-in's {@link #clock()}.
   *
   * @param operation the operation
   * @param duration how long from now
   */
  public void denyAccess(Operation operation, Duration duration) {
    addFault(operation, accessDenied(), -1, now().plus(duration));
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
    addFault(operation, Fault.hold(FaultKind.HOLD, duration), requirePositive(times), null);
  }

  /**
   * Holds every later call of an operation for a while, then serves it normally.
   *
   * @param operation the operation
   * @param duration how long to hold each call
   */
  public void hangAlways(Operation operation, Duration duration) {
    addFault(operation, Fault.hold(FaultKind.HOLD, duration), -1, null);
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
    addFault(operation, Fault.hold(FaultKind.HOLD_ANSWER, duration), requirePositive(times), null);
  }

  /**
   * Serves the next {@code times} calls of an operation (they take effect) but answers them with an
   * error, as a service that fails after committing would. A call the service itself refuses (bad
   * request, not found) gets that answer instead.
   *
   * @param operation the operation
   * @param times how many calls
   * @param status the HTTP status, for example 503
   * @param errorType the modelled exception, for example {@code ServiceUnavailableException}
   * @param message the error message
   */
  public void failAfterServingNext(
      Operation operation, int times, int status, String errorType, String message) {
    addFault(
        operation,
        Fault.error(FaultKind.ERROR_AFTER_SERVING, status, errorType, message),
        requirePositive(times),
        null);
  }

  /**
   * Serves the next {@code times} calls of an operation (they take effect) and then closes the
   * connection without sending any HTTP response, as a connection lost after the service acted
   * would: the SDK client sees an I/O error ({@code SdkClientException} caused by an {@code
   * IOException}), not a service error, and its standard retry strategy sends the call again. With
   * the SDK's url-connection-client, a call without a body (Get, Delete, List) does not get that
   * far: the JDK's {@code HttpURLConnection} sends it once more by itself, unseen by the SDK, so a
   * dropped Delete answers NotFound to its caller. A call the service itself refuses (bad request,
   * not found) loses its answer the same way.
   *
   * @param operation the operation
   * @param times how many calls
   */
  public void dropAnswerOfNext(Operation operation, int times) {
    addFault(operation, Fault.hold(FaultKind.DROP_ANSWER, null), requirePositive(times), null);
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

  private static Fault accessDenied() {
    return Fault.error(FaultKind.ACCESS_DENIED, 403, "AccessDeniedException", null);
  }

  private void addFault(Operation operation, Fault fault, int times, Instant until) {
    synchronized (lock) {
      faults
          .computeIfAbsent(operation, key -> new ArrayDeque<>())
          .add(new FaultEntry(fault, times, until));
    }
  }

  private Fault takeFault(Operation operation, Instant now) {
    Deque<FaultEntry> queue = faults.get(operation);
    if (queue == null) {
      return null;
    }
    for (Iterator<FaultEntry> it = queue.iterator(); it.hasNext(); ) {
      FaultEntry entry = it.next();
      if (entry.until != null && !now.isBefore(entry.until)) {
        it.remove(); // expired
        continue;
      }
      if (entry.remaining > 0 && --entry.remaining == 0) {
        it.remove();
      }
      return entry.fault;
    }
    return null;
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
        Instant now = now();
        requests.add(new Request(operation, method, path, now));
        fault = takeFault(operation, now);
      }
      FaultKind kind = fault == null ? null : fault.kind();
      if (kind == FaultKind.HOLD && !hold(fault.hold())) {
        return; // closed while held: drop without effect
      }
      try {
        if (kind == FaultKind.ERROR) {
          throw fault.toError();
        }
        String accessKeyId = authenticate(exchange);
        Map<String, Object> request = parseBody(body);
        if (kind == FaultKind.ACCESS_DENIED) {
          throw new ServiceError(
              fault.status(),
              fault.errorType(),
              accessDeniedMessage(operation, accessKeyId, request));
        }
        Answer answer;
        try {
          answer = serve(operation, path, query, request);
        } catch (ServiceError refused) {
          if (kind == FaultKind.DROP_ANSWER) {
            return; // the refusal is lost with the connection
          }
          throw refused;
        }
        if (kind == FaultKind.DROP_ANSWER) {
          return; // served; closing the exchange before any header drops the connection
        }
        if (kind == FaultKind.ERROR_AFTER_SERVING) {
          throw fault.toError();
        }
        if (kind == FaultKind.HOLD_ANSWER && !hold(fault.hold())) {
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

  /** Checks for a SigV4 Authorization header; returns its access key id. */
  private static String authenticate(HttpExchange exchange) throws ServiceError {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      throw new ServiceError(
          401, "UnauthorizedClientException", "Missing or invalid SigV4 Authorization header");
    }
    Matcher matcher = ACCESS_KEY_ID.matcher(authorization);
    return matcher.find() ? matcher.group(1) : "unknown";
  }

  private static Map<String, Object> parseBody(byte[] body) throws ServiceError {
    if (body.length == 0) {
      return Map.of();
    }
    try {
      return JSON.std.mapFrom(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw badRequest("The request body is not a JSON object");
    }
  }

  /**
   * IAM's wording for a refused call. The resource is the voice connector of the first item for
   * Create and Update (their optional resource type), else {@code *} (no group resource type).
   */
  private String accessDeniedMessage(
      Operation operation, String accessKeyId, Map<String, Object> request) {
    String resource = "*";
    if ((operation == Operation.CREATE_VOICE_CONNECTOR_GROUP
            || operation == Operation.UPDATE_VOICE_CONNECTOR_GROUP)
        && request.get("VoiceConnectorItems") instanceof List<?> items
        && !items.isEmpty()
        && items.get(0) instanceof Map<?, ?> first
        && first.get("VoiceConnectorId") instanceof String voiceConnectorId) {
      resource = "arn:aws:chime:" + region + ":" + accountId + ":vc/" + voiceConnectorId;
    }
    String action = "chime:" + operation.modelName();
    return "User: arn:aws:sts::"
        + accountId
        + ":assumed-role/"
        + CALLER_ROLE_NAME
        + "/"
        + accessKeyId
        + " is not authorized to perform: "
        + action
        + " on resource: "
        + resource
        + " because no identity-based policy allows the "
        + action
        + " action";
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
      Instant now = now();
      return switch (operation) {
        case CREATE_VOICE_CONNECTOR_GROUP -> create(request, now);
        case GET_VOICE_CONNECTOR_GROUP -> new Answer(200, groupPayload(visible(groupId, now)));
        case UPDATE_VOICE_CONNECTOR_GROUP -> update(groupId, request, now);
        case DELETE_VOICE_CONNECTOR_GROUP -> delete(groupId, now);
        case LIST_VOICE_CONNECTOR_GROUPS -> listGroups(query, now);
        case LIST_PHONE_NUMBERS -> listPhoneNumbers(query, now);
        case ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP -> associate(groupId, request, now);
        case DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP ->
            disassociate(groupId, request, now);
        case UNKNOWN ->
            throw new ServiceError(404, "NotFoundException", "No operation matches " + path);
      };
    }
  }

  private Answer create(Map<String, Object> request, Instant now) throws ServiceError {
    String name = validName(required(request, "Name"));
    List<Item> items =
        request.get("VoiceConnectorItems") == null
            ? List.of()
            : validItems(request.get("VoiceConnectorItems"));
    if (groups.size() >= groupQuota) {
      // Worded after the service's ResourceLimitExceeded messages ("... Limit reached").
      throw new ServiceError(
          400,
          "ResourceLimitExceededException",
          "Cannot create new voice connector group for account "
              + accountId
              + ". Limit of "
              + groupQuota
              + " voice connector groups reached");
    }
    return new Answer(
        201, groupPayload(insertGroup(name, items, now, now.plus(getLag), now.plus(listLag))));
  }

  private Answer update(String groupId, Map<String, Object> request, Instant now)
      throws ServiceError {
    String name = validName(required(request, "Name"));
    List<Item> items = validItems(required(request, "VoiceConnectorItems"));
    StoredGroup group = visible(groupId, now);
    group.name = name;
    group.items = items;
    group.updated = now;
    return new Answer(202, groupPayload(group));
  }

  private Answer delete(String groupId, Instant now) throws ServiceError {
    StoredGroup group = visible(groupId, now);
    if (!group.items.isEmpty()) {
      throw badRequest(
          "Voice connector group "
              + groupId
              + " still has voice connector items; remove them first");
    }
    if (!phoneNumbers(groupId).isEmpty()) {
      throw badRequest(
          "Voice connector group " + groupId + " still has phone numbers; disassociate them first");
    }
    removeGroup(groupId, now);
    return new Answer(204, null);
  }

  private Answer listGroups(Map<String, String> query, Instant now) throws ServiceError {
    int maxResults = maxResults(query);
    int start = nextToken(query);
    stillListed.values().removeIf(deleted -> !now.isBefore(deleted.listedUntil()));
    List<StoredGroup> all = new ArrayList<>();
    groups.values().stream().filter(group -> !now.isBefore(group.listedFrom)).forEach(all::add);
    stillListed.values().stream()
        .filter(deleted -> !now.isBefore(deleted.group().listedFrom))
        .forEach(deleted -> all.add(deleted.group()));
    all.sort((a, b) -> Long.compare(a.sequence, b.sequence));
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

  private Answer listPhoneNumbers(Map<String, String> query, Instant now) throws ServiceError {
    String filterName = query.get("filter-name");
    String filterValue = query.get("filter-value");
    if (filterName != null && !PHONE_NUMBER_FILTERS.contains(filterName)) {
      throw badRequest(
          "filter-name '"
              + filterName
              + "' is not one of "
              + String.join(", ", PHONE_NUMBER_FILTERS));
    }
    if ((filterName == null) != (filterValue == null)) {
      throw badRequest("filter-name and filter-value must be given together");
    }
    int maxResults = maxResults(query);
    int start = nextToken(query);
    Association wanted = filterName == null ? null : new Association(filterName, filterValue);
    boolean hiddenGroup =
        Association.VOICE_CONNECTOR_GROUP_ID.equals(filterName)
            && groups.containsKey(filterValue)
            && !isVisible(groups.get(filterValue), now);
    Instant seenAt = now.minus(phoneNumberListLag);
    List<Map.Entry<String, StoredNumber>> matching =
        hiddenGroup
            ? List.of()
            : phoneNumbers.entrySet().stream()
                .filter(
                    entry ->
                        wanted == null || wanted.equals(entry.getValue().at(seenAt).association()))
                .toList();
    List<Object> page = new ArrayList<>();
    for (int i = start; i < Math.min(matching.size(), start + maxResults); i++) {
      page.add(phoneNumberFields(matching.get(i).getKey(), matching.get(i).getValue(), seenAt));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("PhoneNumbers", page);
    if (start + maxResults < matching.size()) {
      body.put("NextToken", Integer.toString(start + maxResults));
    }
    return new Answer(200, body);
  }

  private Answer associate(String groupId, Map<String, Object> request, Instant now)
      throws ServiceError {
    List<String> numbers = validPhoneNumbers(request);
    visible(groupId, now);
    boolean force = Boolean.TRUE.equals(request.get("ForceAssociate"));
    Association target = Association.voiceConnectorGroup(groupId);
    List<Object> errors = new ArrayList<>();
    for (String number : numbers) {
      StoredNumber stored = phoneNumbers.get(number);
      if (stored == null) {
        errors.add(phoneNumberError(number, "NotFound", "Phone number not found in the account"));
      } else if (target.equals(stored.association())) {
        continue; // already on this group: nothing to do
      } else if (stored.association() != null && !force) {
        errors.add(
            phoneNumberError(
                number,
                "PhoneNumberAssociationsExist",
                "Phone number is associated with "
                    + stored.association().name()
                    + " "
                    + stored.association().value()));
      } else {
        stored.associate(target, now);
      }
    }
    return new Answer(200, Map.of("PhoneNumberErrors", errors));
  }

  private Answer disassociate(String groupId, Map<String, Object> request, Instant now)
      throws ServiceError {
    List<String> numbers = validPhoneNumbers(request);
    visible(groupId, now);
    Association target = Association.voiceConnectorGroup(groupId);
    List<Object> errors = new ArrayList<>();
    for (String number : numbers) {
      StoredNumber stored = phoneNumbers.get(number);
      if (stored == null) {
        errors.add(phoneNumberError(number, "NotFound", "Phone number not found in the account"));
      } else if (!target.equals(stored.association())) {
        errors.add(
            phoneNumberError(
                number, "NotFound", "Phone number is not associated with group " + groupId));
      } else {
        stored.associate(null, now);
      }
    }
    return new Answer(200, Map.of("PhoneNumberErrors", errors));
  }

  // ---------------------------------------------------------------- validation and payloads

  private StoredGroup insertGroup(
      String name, List<Item> items, Instant created, Instant visibleFrom, Instant listedFrom) {
    String id;
    do {
      id = randomGroupId();
    } while (groups.containsKey(id) || stillListed.containsKey(id));
    StoredGroup group =
        new StoredGroup(
            nextSequence++,
            id,
            arnOf(id),
            name,
            List.copyOf(items),
            created,
            visibleFrom,
            listedFrom);
    groups.put(id, group);
    return group;
  }

  /** Removes a group; ListVoiceConnectorGroups keeps showing it for the list lag. */
  private boolean removeGroup(String groupId, Instant now) {
    StoredGroup removed = groups.remove(groupId);
    if (removed != null && !listLag.isZero()) {
      stillListed.put(groupId, new DeletedGroup(removed, now.plus(listLag)));
    }
    return removed != null;
  }

  /** An id shaped like the service's: 21 lower-case letters and digits. */
  private String randomGroupId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private static boolean isVisible(StoredGroup group, Instant now) {
    return !now.isBefore(group.visibleFrom);
  }

  /** The group, if it exists and its creation has propagated; otherwise NotFound. */
  private StoredGroup visible(String groupId, Instant now) throws ServiceError {
    StoredGroup group = groupId == null ? null : groups.get(groupId);
    if (group == null || !isVisible(group, now)) {
      throw new ServiceError(
          404, "NotFoundException", "Voice connector group " + groupId + " not found");
    }
    return group;
  }

  private void releaseNumbersOf(String groupId, Instant now) {
    Association association = Association.voiceConnectorGroup(groupId);
    for (StoredNumber number : phoneNumbers.values()) {
      if (association.equals(number.association())) {
        number.associate(null, now);
      }
    }
  }

  private StoredNumber inventoryNumber(String e164PhoneNumber) {
    StoredNumber stored = phoneNumbers.get(canonicalNumber(e164PhoneNumber));
    if (stored == null) {
      throw new IllegalArgumentException(
          "phone number " + e164PhoneNumber + " is not in the account's inventory");
    }
    return stored;
  }

  /**
   * The number with its leading {@code +}: the model's pattern makes it optional, and the service
   * is assumed to mean the same number either way.
   */
  private static String canonicalNumber(String e164PhoneNumber) {
    if (e164PhoneNumber == null || !E164_PATTERN.matcher(e164PhoneNumber).matches()) {
      throw new IllegalArgumentException(
          "phone number '" + e164PhoneNumber + "' does not match " + E164_PATTERN.pattern());
    }
    return e164PhoneNumber.startsWith("+") ? e164PhoneNumber : "+" + e164PhoneNumber;
  }

  private static Object required(Map<String, Object> request, String member) throws ServiceError {
    Object value = request.get(member);
    if (value == null) {
      throw badRequest(member + " is required");
    }
    return value;
  }

  private static String validName(Object value) throws ServiceError {
    if (!(value instanceof String name)) {
      throw badRequest("Name must be a string, was " + value);
    }
    if (name.isEmpty()
        || name.length() > NAME_MAX_LENGTH
        || !NAME_PATTERN.matcher(name).matches()) {
      throw badRequest(
          "Name '"
              + name
              + "' must be 1-"
              + NAME_MAX_LENGTH
              + " characters matching "
              + NAME_PATTERN.pattern());
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
      if (id == null) {
        throw badRequest("VoiceConnectorItem.VoiceConnectorId is required");
      }
      if (priority == null) {
        throw badRequest("VoiceConnectorItem.Priority is required");
      }
      if (!(id instanceof String connectorId) || connectorId.isBlank()) {
        throw badRequest("VoiceConnectorId must be a non-blank string, was '" + id + "'");
      }
      if (!(priority instanceof Number number)
          || number.doubleValue() != number.intValue()
          || number.intValue() < PRIORITY_MIN
          || number.intValue() > PRIORITY_MAX) {
        throw badRequest(
            "Priority must be an integer from "
                + PRIORITY_MIN
                + " to "
                + PRIORITY_MAX
                + ", was "
                + priority);
      }
      // Not in the model; refused here because a group cannot route to one connector twice.
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

  /** E164PhoneNumbers, required; one malformed number fails the whole request. */
  private static List<String> validPhoneNumbers(Map<String, Object> request) throws ServiceError {
    if (!(required(request, "E164PhoneNumbers") instanceof List<?> list)) {
      throw badRequest("E164PhoneNumbers must be a list");
    }
    List<String> numbers = new ArrayList<>();
    for (Object element : list) {
      if (!(element instanceof String number) || !E164_PATTERN.matcher(number).matches()) {
        throw badRequest(
            "E164PhoneNumbers element '" + element + "' does not match " + E164_PATTERN.pattern());
      }
      numbers.add(canonicalNumber(number));
    }
    return numbers;
  }

  private static int maxResults(Map<String, String> query) throws ServiceError {
    String value = query.get("max-results");
    if (value == null) {
      return RESULT_MAX;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= RESULT_MAX) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badRequest("max-results '" + value + "' must be an integer from 1 to " + RESULT_MAX);
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

  /** Now on the stand-in's clock, to the millisecond as the service's timestamps are. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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

  private static Map<String, Object> phoneNumberFields(
      String number, StoredNumber stored, Instant seenAt) {
    NumberState state = stored.at(seenAt);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("PhoneNumberId", number);
    fields.put("E164PhoneNumber", number);
    fields.put("Country", "US");
    fields.put("Type", "Local");
    fields.put("ProductType", "VoiceConnector");
    fields.put("Status", state.association() == null ? "Unassigned" : "Assigned");
    List<Object> associations = new ArrayList<>();
    if (state.association() != null) {
      Map<String, Object> association = new LinkedHashMap<>();
      association.put("Value", state.association().value());
      association.put("Name", state.association().name());
      association.put("AssociatedTimestamp", state.associatedAt().toString());
      associations.add(association);
    }
    fields.put("Associations", associations);
    fields.put("CreatedTimestamp", stored.created.toString());
    fields.put("UpdatedTimestamp", state.updated().toString());
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

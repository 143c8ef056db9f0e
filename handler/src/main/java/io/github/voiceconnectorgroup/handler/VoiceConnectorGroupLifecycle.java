package io.github.voiceconnectorgroup.handler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ConflictException;
import software.amazon.awssdk.services.chimesdkvoice.model.ListPhoneNumbersResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.ListVoiceConnectorGroupsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumber;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberAssociationName;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberError;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/** Create, update and delete of one voice connector group through the Chime SDK Voice API. */
final class VoiceConnectorGroupLifecycle {

  /** Data attribute and physical id source: the group's id. */
  static final String DATA_GROUP_ID = "VoiceConnectorGroupId";

  /** Data attribute: the group's ARN. */
  static final String DATA_GROUP_ARN = "VoiceConnectorGroupArn";

  /** Phone numbers per disassociate call; the service accepts lists of this size. */
  private static final int PHONE_NUMBER_BATCH = 100;

  /** Groups per ListVoiceConnectorGroups page, the most the service returns. */
  private static final int LIST_PAGE_SIZE = 100;

  /** Creates answered 5xx or 409 are tried this often in all, each after a look-up found none. */
  private static final int CREATE_ATTEMPTS_AFTER_5XX = 3;

  /** At most this much of a create's time is kept back for looking up a group made in doubt. */
  private static final Duration LOOK_UP_TIME = Duration.ofSeconds(10);

  /** Allowance between the service's clock and this function's. */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  /**
   * The result of a successful lifecycle step.
   *
   * @param physicalResourceId the id to report
   * @param data the attributes to report (empty on Delete)
   */
  record Outcome(String physicalResourceId, Map<String, String> data) {}

  private final ChimeSdkVoiceClient client;
  private final RuntimeException clientError;
  private final Consumer<String> log;

  VoiceConnectorGroupLifecycle(ChimeSdkVoiceClient client, Consumer<String> log) {
    this(client, null, log);
  }

  private VoiceConnectorGroupLifecycle(
      ChimeSdkVoiceClient client, RuntimeException clientError, Consumer<String> log) {
    this.client = client;
    this.clientError = clientError;
    this.log = log;
  }

  /** A lifecycle whose every call fails with the error that prevented building the client. */
  static VoiceConnectorGroupLifecycle unavailable(
      RuntimeException clientError, Consumer<String> log) {
    return new VoiceConnectorGroupLifecycle(null, clientError, log);
  }

  private ChimeSdkVoiceClient client() {
    if (client == null) {
      throw new IllegalStateException(
          "the Chime SDK Voice client could not be built: " + clientError.getMessage(),
          clientError);
    }
    return client;
  }

  Outcome create(GroupProperties properties, CallBudget budget) {
    for (int attempt = 1; ; attempt++) {
      VoiceConnectorGroup group;
      // In doubt from the moment the request may leave until a definite answer comes back.
      budget.createInDoubt(true);
      try {
        group =
            client()
                .createVoiceConnectorGroup(
                    request ->
                        request
                            .overrideConfiguration(
                                budget
                                    .nextCall(
                                        "CreateVoiceConnectorGroup",
                                        budget.shareOfRemaining(20, LOOK_UP_TIME))
                                    .toBuilder()
                                    .addPlugin(ChimeSdkVoiceClients.CREATE_RETRIES)
                                    .build())
                            .name(properties.name())
                            .voiceConnectorItems(items(properties)))
                .voiceConnectorGroup();
      } catch (CallBudget.OutOfTimeException e) {
        budget.createInDoubt(false);
        throw e;
      } catch (AwsServiceException e) {
        // 409: an identical request is in progress, which may be this create's own.
        if (e.statusCode() < 500 && !(e instanceof ConflictException)) {
          budget.createInDoubt(false); // refused: nothing was created
          throw e;
        }
        List<VoiceConnectorGroup> made = lookUpCreatedInDoubt(properties, budget, e);
        if (made != null && !made.isEmpty()) {
          return adopt(made, budget, e);
        }
        if (made != null) {
          // The service answered and the look-up found no group: nothing was made.
          budget.createInDoubt(false);
        }
        if (attempt >= CREATE_ATTEMPTS_AFTER_5XX || budget.isCreateInDoubt()) {
          budget.reportAs("CreateVoiceConnectorGroup");
          throw e;
        }
        pause(attempt); // then another create, which can no longer make a second group
        continue;
      } catch (SdkException e) {
        if (ChimeSdkVoiceClients.neverSent(e)) {
          budget.createInDoubt(false);
          throw e;
        }
        List<VoiceConnectorGroup> made = lookUpCreatedInDoubt(properties, budget, e);
        if (made != null && !made.isEmpty()) {
          return adopt(made, budget, e);
        }
        // Still in doubt: the service may act on the request later.
        budget.reportAs("CreateVoiceConnectorGroup");
        throw e;
      }
      budget.createInDoubt(false);
      log.accept("created voice connector group " + group.voiceConnectorGroupId());
      return outcome(group);
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(200L << Math.min(attempt, 4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallBudget.OutOfTimeException("interrupted between create attempts");
    }
  }

  /**
   * After a create that timed out, lost its answer or met a 5xx, looks for the group the service
   * may have made all the same: same name and items, created during this invocation.
   *
   * @return the groups found, oldest first, or {@code null} when the look-up itself failed (its
   *     error is added to {@code createError} as suppressed)
   */
  private List<VoiceConnectorGroup> lookUpCreatedInDoubt(
      GroupProperties properties, CallBudget budget, SdkException createError) {
    try {
      return findCreated(properties, budget.startedAt(), Instant.now(), budget);
    } catch (RuntimeException lookUpError) {
      createError.addSuppressed(lookUpError);
      return null;
    }
  }

  /** Answers with the newest group found: an older match is more likely another's. */
  private Outcome adopt(List<VoiceConnectorGroup> made, CallBudget budget, SdkException error) {
    VoiceConnectorGroup adopted = made.get(made.size() - 1);
    log.accept(
        "CreateVoiceConnectorGroup failed ("
            + error.getClass().getSimpleName()
            + ") but the service made group "
            + adopted.voiceConnectorGroupId()
            + "; using it"
            + (made.size() > 1 ? " (" + (made.size() - 1) + " older match(es) left alone)" : ""));
    budget.createInDoubt(false);
    return outcome(adopted);
  }

  /**
   * Deletes the groups a create in doubt may have made after its invocation answered: same name and
   * items, created between the invocation's start and its deadline.
   *
   * @return how many groups were deleted
   */
  int deleteCreatedInDoubt(
      GroupProperties properties, Instant since, Instant until, CallBudget budget) {
    List<VoiceConnectorGroup> made = findCreated(properties, since, until, budget);
    for (VoiceConnectorGroup group : made) {
      delete(group.voiceConnectorGroupId(), budget);
    }
    log.accept(
        made.isEmpty()
            ? "the Create in doubt made no group; nothing to delete"
            : "deleted " + made.size() + " group(s) made by the Create in doubt");
    return made.size();
  }

  /** Groups with the properties' name and items created between the instants, oldest first. */
  private List<VoiceConnectorGroup> findCreated(
      GroupProperties properties, Instant from, Instant to, CallBudget budget) {
    Set<VoiceConnectorItem> wanted = new HashSet<>(items(properties));
    Instant earliest = from.minus(CLOCK_SKEW);
    Instant latest = to.plus(CLOCK_SKEW);
    List<VoiceConnectorGroup> found = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      ListVoiceConnectorGroupsResponse page =
          client()
              .listVoiceConnectorGroups(
                  request ->
                      request
                          .overrideConfiguration(budget.nextCall("ListVoiceConnectorGroups"))
                          .maxResults(LIST_PAGE_SIZE)
                          .nextToken(token));
      for (VoiceConnectorGroup group : page.voiceConnectorGroups()) {
        Instant created = group.createdTimestamp();
        if (properties.name().equals(group.name())
            && wanted.equals(new HashSet<>(group.voiceConnectorItems()))
            && created != null
            && !created.isBefore(earliest)
            && !created.isAfter(latest)) {
          found.add(group);
        }
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    found.sort(Comparator.comparing(VoiceConnectorGroup::createdTimestamp));
    return found;
  }

  Outcome update(String groupId, GroupProperties properties, CallBudget budget) {
    try {
      VoiceConnectorGroup group =
          updateGroup(groupId, properties.name(), items(properties), budget);
      if (group == null || group.voiceConnectorGroupArn() == null) {
        // The attributes CloudFormation needs must not hinge on what an update's response holds.
        group = get(groupId, budget);
      }
      log.accept("updated voice connector group " + groupId);
      return outcome(group);
    } catch (NotFoundException updateError) {
      // NotFound may name a voice connector rather than the group: recreate only a missing group.
      if (exists(groupId, budget)) {
        throw updateError;
      }
      log.accept("voice connector group " + groupId + " no longer exists; creating a new one");
      return create(properties, budget);
    }
  }

  Outcome delete(String groupId, CallBudget budget) {
    VoiceConnectorGroup group;
    try {
      group = get(groupId, budget);
    } catch (NotFoundException e) {
      log.accept("voice connector group " + groupId + " does not exist; nothing to delete");
      return new Outcome(groupId, Map.of());
    }
    try {
      if (group.hasVoiceConnectorItems() && !group.voiceConnectorItems().isEmpty()) {
        updateGroup(groupId, group.name(), List.of(), budget);
        log.accept("removed the voice connector items of group " + groupId);
      }
      disassociatePhoneNumbers(groupId, budget);
      client()
          .deleteVoiceConnectorGroup(
              request ->
                  request
                      .overrideConfiguration(budget.nextCall("DeleteVoiceConnectorGroup"))
                      .voiceConnectorGroupId(groupId));
      log.accept("deleted voice connector group " + groupId);
    } catch (NotFoundException e) {
      log.accept("voice connector group " + groupId + " disappeared while being deleted");
    }
    return new Outcome(groupId, Map.of());
  }

  private void disassociatePhoneNumbers(String groupId, CallBudget budget) {
    List<String> numbers = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      ListPhoneNumbersResponse page =
          client()
              .listPhoneNumbers(
                  request ->
                      request
                          .overrideConfiguration(budget.nextCall("ListPhoneNumbers"))
                          .filterName(PhoneNumberAssociationName.VOICE_CONNECTOR_GROUP_ID)
                          .filterValue(groupId)
                          .nextToken(token));
      for (PhoneNumber number : page.phoneNumbers()) {
        numbers.add(number.e164PhoneNumber());
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    for (int start = 0; start < numbers.size(); start += PHONE_NUMBER_BATCH) {
      List<String> batch =
          numbers.subList(start, Math.min(numbers.size(), start + PHONE_NUMBER_BATCH));
      List<PhoneNumberError> errors =
          client()
              .disassociatePhoneNumbersFromVoiceConnectorGroup(
                  request ->
                      request
                          .overrideConfiguration(
                              budget.nextCall("DisassociatePhoneNumbersFromVoiceConnectorGroup"))
                          .voiceConnectorGroupId(groupId)
                          .e164PhoneNumbers(batch))
              .phoneNumberErrors();
      for (PhoneNumberError error : errors) {
        if (!"NotFound".equals(error.errorCodeAsString())) {
          throw new IllegalStateException(
              "DisassociatePhoneNumbersFromVoiceConnectorGroup failed for a phone number of group "
                  + groupId
                  + ": "
                  + error.errorCodeAsString()
                  + ": "
                  + error.errorMessage());
        }
      }
      log.accept(
          "disassociated "
              + batch.size()
              + " phone number(s) from voice connector group "
              + groupId);
    }
  }

  /** UpdateVoiceConnectorGroup, which always takes both the name and the full item list. */
  private VoiceConnectorGroup updateGroup(
      String groupId, String name, List<VoiceConnectorItem> items, CallBudget budget) {
    return client()
        .updateVoiceConnectorGroup(
            request ->
                request
                    .overrideConfiguration(budget.nextCall("UpdateVoiceConnectorGroup"))
                    .voiceConnectorGroupId(groupId)
                    .name(name)
                    .voiceConnectorItems(items))
        .voiceConnectorGroup();
  }

  private VoiceConnectorGroup get(String groupId, CallBudget budget) {
    return client()
        .getVoiceConnectorGroup(
            request ->
                request
                    .overrideConfiguration(budget.nextCall("GetVoiceConnectorGroup"))
                    .voiceConnectorGroupId(groupId))
        .voiceConnectorGroup();
  }

  private boolean exists(String groupId, CallBudget budget) {
    try {
      get(groupId, budget);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static List<VoiceConnectorItem> items(GroupProperties properties) {
    List<VoiceConnectorItem> items = new ArrayList<>(properties.items().size());
    for (GroupProperties.Item item : properties.items()) {
      items.add(
          VoiceConnectorItem.builder()
              .voiceConnectorId(item.voiceConnectorId())
              .priority(item.priority())
              .build());
    }
    return items;
  }

  private static Outcome outcome(VoiceConnectorGroup group) {
    return new Outcome(
        group.voiceConnectorGroupId(),
        Map.of(
            DATA_GROUP_ID, group.voiceConnectorGroupId(),
            DATA_GROUP_ARN, group.voiceConnectorGroupArn()));
  }
}

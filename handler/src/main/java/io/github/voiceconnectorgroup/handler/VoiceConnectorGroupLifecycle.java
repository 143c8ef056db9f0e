package io.github.voiceconnectorgroup.handler;

import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ARN;
import static io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ID;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ListPhoneNumbersResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.ListVoiceConnectorGroupsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumber;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberAssociationName;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberError;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/**
 * Create, update and delete of one voice connector group and its phone numbers through the Chime
 * SDK Voice API, allowing for the service's eventual consistency: a group this stack made is
 * believed gone only once it has stayed invisible for {@link
 * EventualConsistency#newGroupVisibility()}.
 */
final class VoiceConnectorGroupLifecycle implements CustomResource {

  /** Phone numbers per associate or disassociate call. */
  private static final int PHONE_NUMBER_BATCH = 100;

  /** Groups per ListVoiceConnectorGroups page, the most the service returns. */
  private static final int LIST_PAGE_SIZE = 100;

  /** Creates answered 5xx or 409 are tried this often in all, each after a look-up found none. */
  private static final int CREATE_ATTEMPTS = 3;

  /** Allowance between the service's clock and this function's. */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private static final String QUOTA_HINT =
      "this account's voice connector group quota ("
          + VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA
          + " by default) is reached: delete a group it no longer needs (aws chime-sdk-voice"
          + " list-voice-connector-groups) or request a higher quota through Service Quotas or AWS"
          + " Support";

  private final Supplier<ChimeSdkVoiceClient> client;
  private final Duration callReserve;
  private final EventualConsistency consistency;
  private final Consumer<String> log;

  /**
   * @param client the container's client; throws if it could not be built
   * @param callReserve every call ends this long before the Lambda deadline
   */
  VoiceConnectorGroupLifecycle(
      Supplier<ChimeSdkVoiceClient> client,
      Duration callReserve,
      EventualConsistency consistency,
      Consumer<String> log) {
    this.client = client;
    this.callReserve = callReserve;
    this.consistency = consistency;
    this.log = log;
  }

  @Override
  public Outcome create(CustomResourceEvent event, Deadline deadline) {
    GroupProperties properties = GroupProperties.from(event);
    ServiceCalls calls = calls(deadline);
    VoiceConnectorGroup group = createGroup(properties, deadline, calls);
    String groupId = group.voiceConnectorGroupId();
    try {
      associateAll(groupId, properties, calls);
    } catch (RuntimeException e) {
      throw new CustomResourceFailure.CreatedButFailed(
          groupId,
          CustomResourceRunner.describe(e) + " (group " + groupId + " is removed by the Delete)",
          e);
    }
    return outcome(group);
  }

  @Override
  public Outcome update(CustomResourceEvent event, Deadline deadline) {
    GroupProperties properties = GroupProperties.from(event);
    String groupId = event.physicalResourceId();
    ServiceCalls calls = calls(deadline);
    Optional<VoiceConnectorGroup> updated = updateIfExists(groupId, properties, calls);
    if (updated.isEmpty()) {
      log.accept("voice connector group " + groupId + " no longer exists; creating a new one");
      VoiceConnectorGroup group = createGroup(properties, deadline, calls);
      try {
        associateAll(group.voiceConnectorGroupId(), properties, calls);
      } catch (RuntimeException e) {
        // A failed update keeps the old id, so nothing would delete this group later.
        try {
          deleteGroup(group.voiceConnectorGroupId(), calls);
        } catch (RuntimeException cleanUpError) {
          e.addSuppressed(cleanUpError);
          log.accept(
              "WARNING: could not delete group "
                  + group.voiceConnectorGroupId()
                  + " after the update failed; delete it by hand: "
                  + CustomResourceRunner.describe(cleanUpError));
        }
        throw e;
      }
      return outcome(group);
    }
    syncPhoneNumbers(groupId, properties, calls);
    VoiceConnectorGroup group = updated.get();
    if (group.voiceConnectorGroupArn() == null) {
      // The attributes CloudFormation needs must not hinge on what an update's response holds.
      group = get(groupId, calls);
    }
    log.accept("updated voice connector group " + groupId);
    return outcome(group);
  }

  @Override
  public Outcome delete(CustomResourceEvent event, Deadline deadline) {
    String groupId = event.physicalResourceId();
    deleteGroup(groupId, calls(deadline));
    return new Outcome(groupId, Map.of());
  }

  /** Waits until a group made in the window would be visible, then deletes every match. */
  @Override
  public void deleteCreatedInDoubt(
      FailedCreate failedCreate, CustomResourceEvent event, Deadline deadline) {
    GroupProperties properties = GroupProperties.from(event);
    ServiceCalls calls = calls(deadline);
    Duration untilVisible =
        Duration.between(
            Instant.now(), failedCreate.until().plus(consistency.newGroupVisibility()));
    if (!untilVisible.isNegative()) {
      log.accept(
          "waiting "
              + untilVisible.toSeconds()
              + " s until a group the Create in doubt made would be visible");
      calls.pause(untilVisible);
    }
    List<VoiceConnectorGroup> made =
        findCreated(properties, failedCreate.from(), failedCreate.until(), calls);
    for (VoiceConnectorGroup group : made) {
      deleteGroup(group.voiceConnectorGroupId(), calls);
    }
    log.accept(
        made.isEmpty()
            ? "the Create in doubt made no group; nothing to delete"
            : "deleted " + made.size() + " group(s) made by the Create in doubt");
  }

  private ServiceCalls calls(Deadline deadline) {
    return new ServiceCalls(deadline, callReserve, consistency, log);
  }

  /**
   * CreateVoiceConnectorGroup, which has no idempotency token. After an answer that leaves it in
   * doubt (5xx, 409, no answer) it looks for the group the service may have made, for as long as a
   * new group can stay invisible, and adopts it; only when none shows up is another create safe.
   */
  private VoiceConnectorGroup createGroup(
      GroupProperties properties, Deadline deadline, ServiceCalls calls) {
    List<VoiceConnectorItem> items = items(properties);
    // Keep time to look for the group if the answer is lost.
    Duration lookUpTime =
        calls.shareOfRemaining(
            50, consistency.newGroupVisibility().plus(consistency.pollInterval()));
    ServiceCallException previous = null;
    for (int attempt = 1; ; attempt++) {
      try {
        VoiceConnectorGroup group =
            calls
                .call(
                    "CreateVoiceConnectorGroup",
                    lookUpTime,
                    override ->
                        client
                            .get()
                            .createVoiceConnectorGroup(
                                request ->
                                    request
                                        .overrideConfiguration(
                                            override.toBuilder()
                                                .addPlugin(ChimeSdkVoiceClients.CREATE_RETRIES)
                                                .build())
                                        .name(properties.name())
                                        .voiceConnectorItems(items)))
                .voiceConnectorGroup();
        log.accept("created voice connector group " + group.voiceConnectorGroupId());
        return group;
      } catch (CustomResourceFailure.OutOfTime e) {
        if (previous == null) {
          throw e;
        }
        throw new CustomResourceFailure(previous.getMessage() + "; no time left to try again", e);
      } catch (ServiceCallException e) {
        if ("ResourceLimitExceededException".equals(e.errorCode())) {
          throw new CustomResourceFailure(e.getMessage() + "; " + QUOTA_HINT, e);
        }
        if (!e.mayHaveTakenEffect()) {
          throw e; // refused: nothing was made
        }
        Optional<VoiceConnectorGroup> made = lookForCreated(properties, deadline, calls, e);
        if (made.isPresent()) {
          log.accept(
              "CreateVoiceConnectorGroup failed ("
                  + e.getMessage()
                  + ") but the service made group "
                  + made.get().voiceConnectorGroupId()
                  + "; using it");
          return made.get();
        }
        if (attempt >= CREATE_ATTEMPTS || !e.isServiceAnswer()) {
          // No answer at all: the service may still act on the request later.
          throw new CustomResourceFailure.CreateInDoubt(e.getMessage(), e);
        }
        log.accept("no group appeared after " + e.getMessage() + "; creating again");
        previous = e;
      }
    }
  }

  /**
   * The group a create in doubt made: same name and items, created during this invocation. Looks
   * until a group the failed call made would be visible.
   *
   * @throws CustomResourceFailure.CreateInDoubt when the look-up cannot finish
   */
  private Optional<VoiceConnectorGroup> lookForCreated(
      GroupProperties properties,
      Deadline deadline,
      ServiceCalls calls,
      ServiceCallException createError) {
    Instant visibleBy = Instant.now().plus(consistency.newGroupVisibility());
    try {
      while (true) {
        List<VoiceConnectorGroup> found =
            findCreated(properties, deadline.startedAt(), Instant.now(), calls);
        if (!found.isEmpty()) {
          // The newest: an older match is more likely another's.
          return Optional.of(found.get(found.size() - 1));
        }
        if (Instant.now().isAfter(visibleBy)) {
          return Optional.empty();
        }
        calls.pause(consistency.pollInterval());
      }
    } catch (RuntimeException lookUpError) {
      throw new CustomResourceFailure.CreateInDoubt(
          createError.getMessage()
              + "; looking for the group it may have made failed: "
              + CustomResourceRunner.describe(lookUpError),
          createError);
    }
  }

  /** Groups with the properties' name and items created between the instants, oldest first. */
  private List<VoiceConnectorGroup> findCreated(
      GroupProperties properties, Instant from, Instant to, ServiceCalls calls) {
    Set<VoiceConnectorItem> wanted = new HashSet<>(items(properties));
    Instant earliest = from.minus(CLOCK_SKEW);
    Instant latest = to.plus(CLOCK_SKEW);
    List<VoiceConnectorGroup> found = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      ListVoiceConnectorGroupsResponse page =
          calls.call(
              "ListVoiceConnectorGroups",
              override ->
                  client
                      .get()
                      .listVoiceConnectorGroups(
                          request ->
                              request
                                  .overrideConfiguration(override)
                                  .maxResults(LIST_PAGE_SIZE)
                                  .nextToken(token)));
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

  /**
   * Updates the group in place, or returns empty when it stays invisible: deleted out of band.
   * NotFound can also name a voice connector of the request, so a visible group's NotFound stands.
   */
  private Optional<VoiceConnectorGroup> updateIfExists(
      String groupId, GroupProperties properties, ServiceCalls calls) {
    try {
      return Optional.of(updateGroup(groupId, properties.name(), items(properties), calls));
    } catch (ServiceCallException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    if (awaitVisible(groupId, calls).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(updateGroup(groupId, properties.name(), items(properties), calls));
  }

  /** Empties the group (items, then phone numbers), then deletes it; a gone group counts. */
  private void deleteGroup(String groupId, ServiceCalls calls) {
    Optional<VoiceConnectorGroup> found = awaitVisible(groupId, calls);
    if (found.isEmpty()) {
      log.accept("voice connector group " + groupId + " does not exist; nothing to delete");
      return;
    }
    VoiceConnectorGroup group = found.get();
    try {
      if (group.hasVoiceConnectorItems() && !group.voiceConnectorItems().isEmpty()) {
        updateGroup(groupId, group.name(), List.of(), calls);
        log.accept("removed the voice connector items of group " + groupId);
      }
      disassociate(groupId, listPhoneNumbers(groupId, calls), calls);
      calls.call(
          "DeleteVoiceConnectorGroup",
          override ->
              client
                  .get()
                  .deleteVoiceConnectorGroup(
                      request ->
                          request.overrideConfiguration(override).voiceConnectorGroupId(groupId)));
      log.accept("deleted voice connector group " + groupId);
    } catch (ServiceCallException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      log.accept("voice connector group " + groupId + " disappeared while being deleted");
    }
  }

  /**
   * GetVoiceConnectorGroup, repeated while the group is not found until a new group would be
   * visible.
   *
   * @return the group, or empty when it stayed invisible that long
   */
  private Optional<VoiceConnectorGroup> awaitVisible(String groupId, ServiceCalls calls) {
    Instant giveUpAt = Instant.now().plus(consistency.newGroupVisibility());
    while (true) {
      try {
        return Optional.of(get(groupId, calls));
      } catch (ServiceCallException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
      if (Instant.now().plus(consistency.pollInterval()).isAfter(giveUpAt)) {
        return Optional.empty();
      }
      log.accept(
          "voice connector group "
              + groupId
              + " not found; a new group can take "
              + consistency.newGroupVisibility().toSeconds()
              + " s to become visible, so looking again in "
              + consistency.pollInterval().toMillis()
              + " ms");
      calls.pause(consistency.pollInterval());
    }
  }

  /** Associates a new group's declared numbers; a group not yet visible is waited for. */
  private void associateAll(String groupId, GroupProperties properties, ServiceCalls calls) {
    if (properties.phoneNumbers() == null || properties.phoneNumbers().isEmpty()) {
      return;
    }
    try {
      associate(groupId, properties.phoneNumbers(), properties.forceAssociate(), calls);
    } catch (ServiceCallException e) {
      if (!e.isNotFound() || awaitVisible(groupId, calls).isEmpty()) {
        throw e;
      }
      associate(groupId, properties.phoneNumbers(), properties.forceAssociate(), calls);
    }
  }

  /** Makes the group's numbers exactly the declared ones; leaves them alone if none declared. */
  private void syncPhoneNumbers(String groupId, GroupProperties properties, ServiceCalls calls) {
    if (properties.phoneNumbers() == null) {
      return;
    }
    Set<String> current = new LinkedHashSet<>(listPhoneNumbers(groupId, calls));
    List<String> added =
        properties.phoneNumbers().stream().filter(number -> !current.contains(number)).toList();
    List<String> removed =
        current.stream().filter(number -> !properties.phoneNumbers().contains(number)).toList();
    if (!added.isEmpty()) {
      associate(groupId, added, properties.forceAssociate(), calls);
    }
    disassociate(groupId, removed, calls);
  }

  private void associate(
      String groupId, List<String> numbers, boolean forceAssociate, ServiceCalls calls) {
    List<PhoneNumberError> errors = new ArrayList<>();
    for (List<String> batch : batches(numbers)) {
      errors.addAll(
          calls
              .call(
                  "AssociatePhoneNumbersWithVoiceConnectorGroup",
                  override ->
                      client
                          .get()
                          .associatePhoneNumbersWithVoiceConnectorGroup(
                              request ->
                                  request
                                      .overrideConfiguration(override)
                                      .voiceConnectorGroupId(groupId)
                                      .e164PhoneNumbers(batch)
                                      .forceAssociate(forceAssociate)))
              .phoneNumberErrors());
    }
    if (!errors.isEmpty()) {
      StringBuilder reason =
          new StringBuilder("AssociatePhoneNumbersWithVoiceConnectorGroup refused ")
              .append(errors.size())
              .append(" of ")
              .append(numbers.size())
              .append(" phone number(s) for group ")
              .append(groupId)
              .append(':');
      for (PhoneNumberError error : errors) {
        reason
            .append(' ')
            .append(error.phoneNumberId())
            .append(": ")
            .append(error.errorCodeAsString())
            .append(" (")
            .append(error.errorMessage())
            .append(");");
      }
      if (!forceAssociate
          && errors.stream()
              .anyMatch(e -> "PhoneNumberAssociationsExist".equals(e.errorCodeAsString()))) {
        reason.append(" a number associated elsewhere moves only with ForceAssociate true");
      }
      throw new CustomResourceFailure(reason.toString());
    }
    log.accept("associated " + numbers.size() + " phone number(s) with group " + groupId);
  }

  /** Disassociates the numbers; one no longer on the group counts as done. */
  private void disassociate(String groupId, List<String> numbers, ServiceCalls calls) {
    for (List<String> batch : batches(numbers)) {
      List<PhoneNumberError> errors =
          calls
              .call(
                  "DisassociatePhoneNumbersFromVoiceConnectorGroup",
                  override ->
                      client
                          .get()
                          .disassociatePhoneNumbersFromVoiceConnectorGroup(
                              request ->
                                  request
                                      .overrideConfiguration(override)
                                      .voiceConnectorGroupId(groupId)
                                      .e164PhoneNumbers(batch)))
              .phoneNumberErrors();
      for (PhoneNumberError error : errors) {
        if (!"NotFound".equals(error.errorCodeAsString())) {
          throw new CustomResourceFailure(
              "DisassociatePhoneNumbersFromVoiceConnectorGroup failed for "
                  + error.phoneNumberId()
                  + " of group "
                  + groupId
                  + ": "
                  + error.errorCodeAsString()
                  + " ("
                  + error.errorMessage()
                  + ")");
        }
      }
      log.accept("disassociated " + batch.size() + " phone number(s) from group " + groupId);
    }
  }

  private List<String> listPhoneNumbers(String groupId, ServiceCalls calls) {
    List<String> numbers = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      ListPhoneNumbersResponse page =
          calls.call(
              "ListPhoneNumbers",
              override ->
                  client
                      .get()
                      .listPhoneNumbers(
                          request ->
                              request
                                  .overrideConfiguration(override)
                                  .filterName(PhoneNumberAssociationName.VOICE_CONNECTOR_GROUP_ID)
                                  .filterValue(groupId)
                                  .nextToken(token)));
      for (PhoneNumber number : page.phoneNumbers()) {
        numbers.add(number.e164PhoneNumber());
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    return numbers;
  }

  private static List<List<String>> batches(List<String> numbers) {
    List<List<String>> batches = new ArrayList<>();
    for (int start = 0; start < numbers.size(); start += PHONE_NUMBER_BATCH) {
      batches.add(numbers.subList(start, Math.min(numbers.size(), start + PHONE_NUMBER_BATCH)));
    }
    return batches;
  }

  /** UpdateVoiceConnectorGroup, which always takes both the name and the full item list. */
  private VoiceConnectorGroup updateGroup(
      String groupId, String name, List<VoiceConnectorItem> items, ServiceCalls calls) {
    return calls
        .call(
            "UpdateVoiceConnectorGroup",
            override ->
                client
                    .get()
                    .updateVoiceConnectorGroup(
                        request ->
                            request
                                .overrideConfiguration(override)
                                .voiceConnectorGroupId(groupId)
                                .name(name)
                                .voiceConnectorItems(items)))
        .voiceConnectorGroup();
  }

  private VoiceConnectorGroup get(String groupId, ServiceCalls calls) {
    return calls
        .call(
            "GetVoiceConnectorGroup",
            override ->
                client
                    .get()
                    .getVoiceConnectorGroup(
                        request ->
                            request.overrideConfiguration(override).voiceConnectorGroupId(groupId)))
        .voiceConnectorGroup();
  }

  private static List<VoiceConnectorItem> items(GroupProperties properties) {
    List<VoiceConnectorItem> items = new ArrayList<>(properties.items().size());
    for (VoiceConnectorGroupSpec.Item item : properties.items()) {
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
            ATTRIBUTE_GROUP_ID, group.voiceConnectorGroupId(),
            ATTRIBUTE_GROUP_ARN, group.voiceConnectorGroupArn()));
  }
}

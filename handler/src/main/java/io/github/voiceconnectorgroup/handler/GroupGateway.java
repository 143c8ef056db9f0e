package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.AccessDeniedException;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberAssociationName;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberError;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/**
 * The Chime SDK Voice calls the handler makes, typed, for one invocation. Each call (the SDK's
 * retries included) ends before the invocation's cutoff, is retried while AccessDenied may be IAM
 * still propagating the function's role, and fails as a {@link ServiceCallException} naming its
 * operation. It decides nothing about what a NotFound means: that is {@link GroupVisibility}'s.
 */
final class GroupGateway {

  /** Phone numbers per associate or disassociate call. */
  private static final int PHONE_NUMBER_BATCH = 100;

  /** Groups per ListVoiceConnectorGroups page, the most the service returns. */
  private static final int LIST_PAGE_SIZE = 100;

  private final ChimeSdkVoiceClient client;
  private final Waiting waiting;
  private final EventualConsistency consistency;
  private final Consumer<String> log;

  GroupGateway(
      ChimeSdkVoiceClient client,
      Waiting waiting,
      EventualConsistency consistency,
      Consumer<String> log) {
    this.client = client;
    this.waiting = waiting;
    this.consistency = consistency;
    this.log = log;
  }

  VoiceConnectorGroup get(String groupId) {
    return call(
            "GetVoiceConnectorGroup",
            Duration.ZERO,
            o ->
                client.getVoiceConnectorGroup(
                    r -> r.overrideConfiguration(o).voiceConnectorGroupId(groupId)))
        .voiceConnectorGroup();
  }

  /**
   * CreateVoiceConnectorGroup, retried only where the service cannot have made the group.
   *
   * @param keepAfter time to keep for what follows if its answer is lost
   */
  VoiceConnectorGroup create(
      String name, List<VoiceConnectorGroupSpec.Item> items, Duration keepAfter) {
    return call(
            "CreateVoiceConnectorGroup",
            keepAfter,
            o ->
                client.createVoiceConnectorGroup(
                    r ->
                        r.overrideConfiguration(
                                o.toBuilder()
                                    .addPlugin(ChimeSdkVoiceClients.CREATE_RETRIES)
                                    .build())
                            .name(name)
                            .voiceConnectorItems(sdkItems(items))))
        .voiceConnectorGroup();
  }

  VoiceConnectorGroup update(
      String groupId, String name, List<VoiceConnectorGroupSpec.Item> items) {
    return call(
            "UpdateVoiceConnectorGroup",
            Duration.ZERO,
            o ->
                client.updateVoiceConnectorGroup(
                    r ->
                        r.overrideConfiguration(o)
                            .voiceConnectorGroupId(groupId)
                            .name(name)
                            .voiceConnectorItems(sdkItems(items))))
        .voiceConnectorGroup();
  }

  void delete(String groupId) {
    call(
        "DeleteVoiceConnectorGroup",
        Duration.ZERO,
        o ->
            client.deleteVoiceConnectorGroup(
                r -> r.overrideConfiguration(o).voiceConnectorGroupId(groupId)));
  }

  /** Every group of the account, through the SDK's paginator. */
  List<VoiceConnectorGroup> groups() {
    return call(
        "ListVoiceConnectorGroups",
        Duration.ZERO,
        o -> {
          List<VoiceConnectorGroup> groups = new ArrayList<>();
          client
              .listVoiceConnectorGroupsPaginator(
                  r -> r.overrideConfiguration(o).maxResults(LIST_PAGE_SIZE))
              .forEach(page -> groups.addAll(page.voiceConnectorGroups()));
          return groups;
        });
  }

  /** The numbers the service lists for the group, each with its {@code +}. */
  Set<String> phoneNumbersOf(String groupId) {
    return call(
        "ListPhoneNumbers",
        Duration.ZERO,
        o -> {
          Set<String> numbers = new LinkedHashSet<>();
          client
              .listPhoneNumbersPaginator(
                  r ->
                      r.overrideConfiguration(o)
                          .filterName(PhoneNumberAssociationName.VOICE_CONNECTOR_GROUP_ID)
                          .filterValue(groupId))
              .forEach(page -> page.phoneNumbers().forEach(n -> numbers.add(n.e164PhoneNumber())));
          return numbers;
        });
  }

  /**
   * Associates the numbers in batches.
   *
   * @throws CustomResourceFailure naming each number the service refused
   */
  Void associate(
      String groupId, List<String> numbers, boolean force, Set<String> alreadyOnTheGroup) {
    List<PhoneNumberError> errors = new ArrayList<>();
    for (List<String> batch : batches(numbers)) {
      errors.addAll(
          call(
                  "AssociatePhoneNumbersWithVoiceConnectorGroup",
                  Duration.ZERO,
                  o ->
                      client.associatePhoneNumbersWithVoiceConnectorGroup(
                          r ->
                              r.overrideConfiguration(o)
                                  .voiceConnectorGroupId(groupId)
                                  .e164PhoneNumbers(batch)
                                  .forceAssociate(force)))
              .phoneNumberErrors());
    }
    // One the service lists for this group already is not moved anywhere: nothing to do.
    errors.removeIf(
        error ->
            "PhoneNumberAssociationsExist".equals(error.errorCodeAsString())
                && alreadyOnTheGroup.contains(error.phoneNumberId()));
    if (!errors.isEmpty()) {
      throw refused(
          "AssociatePhoneNumbersWithVoiceConnectorGroup", groupId, numbers, errors, force);
    }
    return null;
  }

  /**
   * Disassociates the numbers in batches; a number not on the group counts as done.
   *
   * @throws CustomResourceFailure naming each other number the service refused
   */
  Void disassociate(String groupId, List<String> numbers) {
    List<PhoneNumberError> errors = new ArrayList<>();
    for (List<String> batch : batches(numbers)) {
      errors.addAll(
          call(
                  "DisassociatePhoneNumbersFromVoiceConnectorGroup",
                  Duration.ZERO,
                  o ->
                      client.disassociatePhoneNumbersFromVoiceConnectorGroup(
                          r ->
                              r.overrideConfiguration(o)
                                  .voiceConnectorGroupId(groupId)
                                  .e164PhoneNumbers(batch)))
              .phoneNumberErrors()
              .stream()
              .filter(error -> !"NotFound".equals(error.errorCodeAsString()))
              .toList());
    }
    if (!errors.isEmpty()) {
      throw refused(
          "DisassociatePhoneNumbersFromVoiceConnectorGroup", groupId, numbers, errors, true);
    }
    return null;
  }

  private static CustomResourceFailure refused(
      String operation,
      String groupId,
      List<String> numbers,
      List<PhoneNumberError> errors,
      boolean force) {
    StringBuilder reason =
        new StringBuilder(operation)
            .append(" refused ")
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
    if (!force
        && errors.stream()
            .anyMatch(e -> "PhoneNumberAssociationsExist".equals(e.errorCodeAsString()))) {
      reason.append(" a number associated elsewhere moves only with ForceAssociate true");
    }
    return new CustomResourceFailure(reason.toString());
  }

  private <T> T call(
      String operation, Duration keepAfter, Function<AwsRequestOverrideConfiguration, T> call) {
    Instant start = waiting.now();
    try {
      return waiting.retry(
          consistency.iamPropagation(),
          consistency.pollInterval(),
          () ->
              call.apply(
                  AwsRequestOverrideConfiguration.builder()
                      .apiCallTimeout(waiting.callTime(operation, keepAfter))
                      .build()),
          AccessDeniedException.class::isInstance,
          e ->
              log.accept(
                  operation
                      + " was refused with AccessDenied; IAM may still be propagating the role"));
    } catch (AccessDeniedException e) {
      throw new ServiceCallException(
          operation,
          e,
          "the function's role may not call chime:"
              + operation
              + " (still refused after "
              + Duration.between(start, waiting.now()).toSeconds()
              + " s, longer than IAM takes to propagate a new role)");
    } catch (SdkException e) {
      throw new ServiceCallException(operation, e, null);
    }
  }

  private static List<VoiceConnectorItem> sdkItems(List<VoiceConnectorGroupSpec.Item> items) {
    return items.stream()
        .map(
            item ->
                VoiceConnectorItem.builder()
                    .voiceConnectorId(item.voiceConnectorId())
                    .priority(item.priority())
                    .build())
        .toList();
  }

  private static List<List<String>> batches(List<String> numbers) {
    List<List<String>> batches = new ArrayList<>();
    for (int start = 0; start < numbers.size(); start += PHONE_NUMBER_BATCH) {
      batches.add(numbers.subList(start, Math.min(numbers.size(), start + PHONE_NUMBER_BATCH)));
    }
    return batches;
  }

  /** The items of a group as the contract has them. */
  static List<VoiceConnectorGroupSpec.Item> itemsOf(VoiceConnectorGroup group) {
    return group.voiceConnectorItems().stream()
        .map(item -> new VoiceConnectorGroupSpec.Item(item.voiceConnectorId(), item.priority()))
        .toList();
  }
}

package io.github.voiceconnectorgroup.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ListPhoneNumbersResponse;
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
    VoiceConnectorGroup group =
        client()
            .createVoiceConnectorGroup(
                request ->
                    request
                        .overrideConfiguration(budget.nextCall("CreateVoiceConnectorGroup"))
                        .name(properties.name())
                        .voiceConnectorItems(items(properties)))
            .voiceConnectorGroup();
    log.accept("created voice connector group " + group.voiceConnectorGroupId());
    return outcome(group);
  }

  Outcome update(String groupId, GroupProperties properties, CallBudget budget) {
    try {
      VoiceConnectorGroup group =
          client()
              .updateVoiceConnectorGroup(
                  request ->
                      request
                          .overrideConfiguration(budget.nextCall("UpdateVoiceConnectorGroup"))
                          .voiceConnectorGroupId(groupId)
                          .name(properties.name())
                          .voiceConnectorItems(items(properties)))
              .voiceConnectorGroup();
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
        client()
            .updateVoiceConnectorGroup(
                request ->
                    request
                        .overrideConfiguration(budget.nextCall("UpdateVoiceConnectorGroup"))
                        .voiceConnectorGroupId(groupId)
                        .name(group.name())
                        .voiceConnectorItems(List.of()));
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

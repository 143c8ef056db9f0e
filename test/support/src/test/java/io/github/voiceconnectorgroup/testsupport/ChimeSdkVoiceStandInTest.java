package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Association;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.AccessDeniedException;
import software.amazon.awssdk.services.chimesdkvoice.model.AssociatePhoneNumbersWithVoiceConnectorGroupResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateVoiceConnectorGroupRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.DisassociatePhoneNumbersFromVoiceConnectorGroupResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.ErrorCode;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumber;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberAssociation;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberAssociationName;
import software.amazon.awssdk.services.chimesdkvoice.model.PhoneNumberError;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.ServiceUnavailableException;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

class ChimeSdkVoiceStandInTest {

  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=test";
  private static final String ACCESS_KEY_ID = "AKIDSTANDINTEST00001";
  private final HttpClient http = HttpClient.newHttpClient();
  private ChimeSdkVoiceStandIn standIn;
  private ChimeSdkVoiceClient client;

  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration VISIBILITY = Duration.ofSeconds(60);

  @BeforeEach
  void start() throws Exception {
    standIn = ChimeSdkVoiceStandIn.start();
    client = clientOf(standIn, false);
  }

  private static ChimeSdkVoiceClient clientOf(ChimeSdkVoiceStandIn standIn, boolean sdkRetries) {
    return ChimeSdkVoiceClient.builder()
        .endpointOverride(standIn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, "stand-in-test-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            c -> {
              if (!sdkRetries) {
                c.retryStrategy(AwsRetryStrategy.doNotRetry());
              }
            })
        .build();
  }

  /** Replaces the stand-in by one on a manual clock at {@link #T0}; returns the clock. */
  private ManualClock onManualClock() throws IOException {
    client.close();
    standIn.close();
    ManualClock clock = new ManualClock(T0);
    standIn = ChimeSdkVoiceStandIn.start(clock);
    client = clientOf(standIn, false);
    return clock;
  }

  @AfterEach
  void stop() {
    client.close();
    standIn.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(standIn.endpoint() + path))
            .header("Authorization", AUTH)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static VoiceConnectorItem item(String voiceConnectorId, int priority) {
    return VoiceConnectorItem.builder()
        .voiceConnectorId(voiceConnectorId)
        .priority(priority)
        .build();
  }

  private VoiceConnectorGroup create(String name, VoiceConnectorItem... items) {
    return client
        .createVoiceConnectorGroup(r -> r.name(name).voiceConnectorItems(items))
        .voiceConnectorGroup();
  }

  private void get(String groupId) {
    client.getVoiceConnectorGroup(r -> r.voiceConnectorGroupId(groupId));
  }

  private List<String> listedGroupIds() {
    return client.listVoiceConnectorGroups(r -> {}).voiceConnectorGroups().stream()
        .map(VoiceConnectorGroup::voiceConnectorGroupId)
        .toList();
  }

  private List<PhoneNumber> numbersOfGroup(String groupId) {
    return client
        .listPhoneNumbers(
            r ->
                r.filterName(PhoneNumberAssociationName.VOICE_CONNECTOR_GROUP_ID)
                    .filterValue(groupId))
        .phoneNumbers();
  }

  private List<PhoneNumberError> associate(String groupId, boolean force, String... numbers) {
    AssociatePhoneNumbersWithVoiceConnectorGroupResponse response =
        client.associatePhoneNumbersWithVoiceConnectorGroup(
            r -> r.voiceConnectorGroupId(groupId).e164PhoneNumbers(numbers).forceAssociate(force));
    return response.phoneNumberErrors();
  }

  private List<PhoneNumberError> disassociate(String groupId, String... numbers) {
    DisassociatePhoneNumbersFromVoiceConnectorGroupResponse response =
        client.disassociatePhoneNumbersFromVoiceConnectorGroup(
            r -> r.voiceConnectorGroupId(groupId).e164PhoneNumbers(numbers));
    return response.phoneNumberErrors();
  }

  /** Asserts the call fails with the modelled exception and HTTP status. */
  private static void assertFails(
      Executable call, Class<? extends AwsServiceException> type, int status) {
    assertFails(call, type, status, e -> {});
  }

  private static void assertFails(
      Executable call,
      Class<? extends AwsServiceException> type,
      int status,
      Consumer<AwsServiceException> more) {
    assertThatThrownBy(call::execute)
        .isInstanceOf(type)
        .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(status))
        .satisfies(e -> more.accept((AwsServiceException) e));
  }

  // ---------------------------------------------------------------- wire format

  @Test
  void createReturns201WithServiceShapedIdAndVcgArn() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/voice-connector-groups",
            "{\"Name\":\"g\",\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"vc1\",\"Priority\":1}]}");

    assertThat(response.statusCode()).isEqualTo(201);
    @SuppressWarnings("unchecked")
    Map<String, Object> group =
        (Map<String, Object>) JSON.std.mapFrom(response.body()).get("VoiceConnectorGroup");
    String id = (String) group.get("VoiceConnectorGroupId");
    assertThat(id).matches("[a-z0-9]{21}");
    assertThat(group.get("VoiceConnectorGroupArn"))
        .isEqualTo("arn:aws:chime:us-east-1:111122223333:vcg/" + id);
    assertThat(standIn.group(id).orElseThrow().items()).containsExactly(new Item("vc1", 1));
  }

  @Test
  void errorsCarryStatusErrorTypeHeaderAndCodeMessageBody() throws Exception {
    HttpResponse<String> response = call("GET", "/voice-connector-groups/missing", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("NotFoundException");
    assertThat(JSON.std.mapFrom(response.body()))
        .containsEntry("Code", "NotFound")
        .containsKey("Message");
  }

  @Test
  void requestWithoutSignatureIsRefused() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/voice-connector-groups")).build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void theSdkClientReadsWhatTheStandInAnswers() {
    VoiceConnectorGroup created = create("g", item("vc1", 1), item("vc2", 2));

    VoiceConnectorGroup got =
        client
            .getVoiceConnectorGroup(r -> r.voiceConnectorGroupId(created.voiceConnectorGroupId()))
            .voiceConnectorGroup();
    assertThat(got).isEqualTo(created);
    assertThat(got.voiceConnectorItems()).containsExactly(item("vc1", 1), item("vc2", 2));
    assertThat(got.voiceConnectorGroupArn()).isEqualTo(standIn.arnOf(got.voiceConnectorGroupId()));
    assertThat(got.createdTimestamp()).isNotNull();
  }

  // ---------------------------------------------------------------- checks from the API model

  @Test
  void groupNameMustBeOneTo256CharactersOfTheModelsPattern() {
    for (String bad : List.of("", "a".repeat(257), "bad/name", "tab\tname")) {
      assertFails(() -> create(bad), BadRequestException.class, 400);
    }
    assertThat(create("a".repeat(256)).name()).hasSize(256);
    assertThat(create("ok name_1.2-3").name()).isEqualTo("ok name_1.2-3");
  }

  @Test
  void createWithoutNameIsRefused() {
    assertFails(
        () -> client.createVoiceConnectorGroup(CreateVoiceConnectorGroupRequest.builder().build()),
        BadRequestException.class,
        400,
        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Name is required"));
    assertThat(standIn.groups()).isEmpty();
  }

  @Test
  void priorityMustBeOneToNinetyNine() {
    assertFails(() -> create("g", item("vc1", 0)), BadRequestException.class, 400);
    assertFails(() -> create("g", item("vc1", 100)), BadRequestException.class, 400);

    assertThat(create("g", item("vc1", 1), item("vc2", 99)).voiceConnectorItems())
        .extracting(VoiceConnectorItem::priority)
        .containsExactly(1, 99);
  }

  @Test
  void itemRequiresANonBlankVoiceConnectorIdAndAPriority() {
    assertFails(
        () -> create("g", VoiceConnectorItem.builder().priority(1).build()),
        BadRequestException.class,
        400);
    assertFails(
        () -> create("g", VoiceConnectorItem.builder().voiceConnectorId("vc1").build()),
        BadRequestException.class,
        400);
    assertFails(() -> create("g", item("  ", 1)), BadRequestException.class, 400);
    assertThat(standIn.groups()).isEmpty();
  }

  @Test
  void atMostThreeItemsPerGroup() {
    assertFails(
        () -> create("g", item("a", 1), item("b", 1), item("c", 1), item("d", 1)),
        BadRequestException.class,
        400);

    String id = create("g", item("a", 1), item("b", 1), item("c", 1)).voiceConnectorGroupId();
    assertFails(
        () ->
            client.updateVoiceConnectorGroup(
                r ->
                    r.voiceConnectorGroupId(id)
                        .name("g")
                        .voiceConnectorItems(
                            item("a", 1), item("b", 1), item("c", 1), item("d", 1))),
        BadRequestException.class,
        400);
    assertThat(standIn.group(id).orElseThrow().items()).hasSize(3);
  }

  @Test
  void updateRequiresBothNameAndItems() {
    String id = create("g", item("vc1", 1)).voiceConnectorGroupId();

    assertFails(
        () ->
            client.updateVoiceConnectorGroup(
                r -> r.voiceConnectorGroupId(id).voiceConnectorItems(item("vc1", 2))),
        BadRequestException.class,
        400);
    assertFails(
        () -> client.updateVoiceConnectorGroup(r -> r.voiceConnectorGroupId(id).name("h")),
        BadRequestException.class,
        400);
    assertThat(standIn.group(id).orElseThrow().name()).isEqualTo("g");
    assertThat(standIn.group(id).orElseThrow().items()).containsExactly(new Item("vc1", 1));
  }

  @Test
  void maxResultsAboveOneHundredIsRefused() {
    assertFails(
        () -> client.listVoiceConnectorGroups(r -> r.maxResults(101)),
        BadRequestException.class,
        400);
    assertFails(
        () -> client.listPhoneNumbers(r -> r.maxResults(101)), BadRequestException.class, 400);
    assertThat(client.listPhoneNumbers(r -> r.maxResults(100)).phoneNumbers()).isEmpty();
  }

  @Test
  void groupWithItemsOrPhoneNumbersCannotBeDeleted() throws Exception {
    String withItems = standIn.seedGroup("g", List.of(new Item("vc1", 1)));
    String withNumber = standIn.seedGroup("h", List.of());
    standIn.seedPhoneNumber("+12065550100", withNumber);

    assertThat(call("DELETE", "/voice-connector-groups/" + withItems, null).statusCode())
        .isEqualTo(400);
    assertThat(call("DELETE", "/voice-connector-groups/" + withNumber, null).statusCode())
        .isEqualTo(400);

    assertThat(disassociate(withNumber, "+12065550100")).isEmpty();
    assertThat(call("DELETE", "/voice-connector-groups/" + withNumber, null).statusCode())
        .isEqualTo(204);
    assertThat(standIn.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isEqualTo(3);
  }

  // ---------------------------------------------------------------- account quota

  @Test
  void createBeyondTheAccountsThreeGroupsAnswersResourceLimitExceeded() {
    standIn.seedGroup("seeded", List.of());
    create("second");
    String third = create("third").voiceConnectorGroupId();

    assertFails(
        () -> create("fourth"),
        ResourceLimitExceededException.class,
        400,
        e ->
            assertThat(e.awsErrorDetails().errorMessage())
                .contains("Limit of 3 voice connector groups reached"));
    assertThat(standIn.groups())
        .extracting(g -> g.name())
        .containsExactly("seeded", "second", "third");

    client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(third));
    assertThat(create("fourth").name()).isEqualTo("fourth");
  }

  @Test
  void groupQuotaIsConfigurable() {
    standIn.setGroupQuota(1);
    create("only");

    assertFails(() -> create("second"), ResourceLimitExceededException.class, 400);
    assertThat(standIn.groups()).hasSize(1);
  }

  // ---------------------------------------------------------------- propagation delay

  @Test
  void newGroupIsInvisibleToEveryCallNamingItWhileTheDelayRuns() {
    standIn.seedPhoneNumber("+12065550100", null);
    standIn.setPropagationDelay(Duration.ofMinutes(1));

    VoiceConnectorGroup created = create("fresh", item("vc1", 1));
    String id = created.voiceConnectorGroupId();

    assertThat(created.name()).as("Create's own answer carries the group").isEqualTo("fresh");
    assertThat(standIn.group(id)).as("the group exists in the account").isPresent();
    assertFails(() -> get(id), NotFoundException.class, 404);
    assertThat(listedGroupIds()).doesNotContain(id);
    assertFails(
        () ->
            client.updateVoiceConnectorGroup(
                r -> r.voiceConnectorGroupId(id).name("x").voiceConnectorItems(item("vc1", 2))),
        NotFoundException.class,
        404);
    assertFails(
        () -> client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(id)),
        NotFoundException.class,
        404);
    assertFails(() -> associate(id, false, "+12065550100"), NotFoundException.class, 404);
    assertFails(() -> disassociate(id, "+12065550100"), NotFoundException.class, 404);
    assertThat(numbersOfGroup(id)).isEmpty();
    assertThat(standIn.group(id).orElseThrow().items()).containsExactly(new Item("vc1", 1));
    assertThat(standIn.association("+12065550100")).isEmpty();
  }

  @Test
  void newGroupBecomesVisibleOnceTheDelayHasPassed() throws Exception {
    standIn.setPropagationDelay(Duration.ofMillis(300));
    String id = create("fresh").voiceConnectorGroupId();

    Thread.sleep(400);

    get(id);
    assertThat(listedGroupIds()).containsExactly(id);
  }

  @Test
  void seededGroupsAndGroupsMadeBeforeTheDelayWasSetAreVisible() {
    String before = create("before").voiceConnectorGroupId();
    standIn.setPropagationDelay(Duration.ofMinutes(1));
    String seeded = standIn.seedGroup("seeded", List.of());

    get(before);
    get(seeded);
    assertThat(listedGroupIds()).containsExactly(before, seeded);
  }

  // ---------------------------------------------------------------- failures after the call took
  // effect

  private static final String UNAVAILABLE = "ServiceUnavailableException";

  @Test
  void createThatFailsAfterServingLeavesTheGroup() {
    standIn.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 503, UNAVAILABLE, "Unavailable");

    assertFails(() -> create("made"), ServiceUnavailableException.class, 503);
    assertThat(standIn.groups()).extracting(g -> g.name()).containsExactly("made");
  }

  @Test
  void updateThatFailsAfterServingIsApplied() {
    String id = create("before", item("vc1", 1)).voiceConnectorGroupId();
    standIn.failAfterServingNext(
        Operation.UPDATE_VOICE_CONNECTOR_GROUP, 1, 503, UNAVAILABLE, "Unavailable");

    assertFails(
        () ->
            client.updateVoiceConnectorGroup(
                r -> r.voiceConnectorGroupId(id).name("after").voiceConnectorItems(item("vc1", 2))),
        ServiceUnavailableException.class,
        503);
    assertThat(standIn.group(id).orElseThrow().name()).isEqualTo("after");
    assertThat(standIn.group(id).orElseThrow().items()).containsExactly(new Item("vc1", 2));
  }

  @Test
  void deleteThatFailsAfterServingRemovesTheGroup() {
    String id = create("doomed").voiceConnectorGroupId();
    standIn.failAfterServingNext(
        Operation.DELETE_VOICE_CONNECTOR_GROUP, 1, 500, "ServiceFailureException", "Failure");

    assertThatThrownBy(() -> client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(id)))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(500));
    assertThat(standIn.group(id)).isEmpty();
  }

  @Test
  void phoneNumberCallsThatFailAfterServingAreApplied() {
    String id = create("g").voiceConnectorGroupId();
    standIn.orderPhoneNumber("+12065550100");
    standIn.failAfterServingNext(
        Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP,
        1,
        503,
        UNAVAILABLE,
        "Unavailable");
    standIn.failAfterServingNext(
        Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP,
        1,
        503,
        UNAVAILABLE,
        "Unavailable");

    assertFails(() -> associate(id, false, "+12065550100"), ServiceUnavailableException.class, 503);
    assertThat(standIn.phoneNumbers(id)).containsExactly("+12065550100");

    assertFails(() -> disassociate(id, "+12065550100"), ServiceUnavailableException.class, 503);
    assertThat(standIn.phoneNumbers(id)).isEmpty();
  }

  // ---------------------------------------------------------------- access denied first

  @Test
  void deniedCallsAnswerIamsMessageNamingTheActionAndTakeNoEffect() {
    standIn.denyAccess(Operation.CREATE_VOICE_CONNECTOR_GROUP, 2);

    for (int i = 0; i < 2; i++) {
      assertFails(
          () -> create("g", item("vc1", 1)),
          AccessDeniedException.class,
          403,
          e ->
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: arn:aws:sts::111122223333:assumed-role/custom-resource-handler/"
                          + ACCESS_KEY_ID
                          + " is not authorized to perform: chime:CreateVoiceConnectorGroup"
                          + " on resource: arn:aws:chime:us-east-1:111122223333:vc/vc1"
                          + " because no identity-based policy allows the"
                          + " chime:CreateVoiceConnectorGroup action"));
    }
    assertThat(standIn.groups()).isEmpty();

    assertThat(create("g", item("vc1", 1)).name()).isEqualTo("g");
  }

  @Test
  void accessDeniedForADurationEndsByItself() throws Exception {
    standIn.denyAccess(Operation.LIST_VOICE_CONNECTOR_GROUPS, Duration.ofMillis(300));

    assertFails(
        this::listedGroupIds,
        AccessDeniedException.class,
        403,
        e ->
            assertThat(e.awsErrorDetails().errorMessage())
                .contains("chime:ListVoiceConnectorGroups on resource: *"));
    assertFails(this::listedGroupIds, AccessDeniedException.class, 403);

    Thread.sleep(400);
    assertThat(listedGroupIds()).isEmpty();
  }

  // ---------------------------------------------------------------- phone numbers

  @Test
  void associateWithoutForceTakesNoNumberFromElsewhereAndReportsEachFailure() {
    String group = create("g").voiceConnectorGroupId();
    String other = create("other").voiceConnectorGroupId();
    standIn.orderPhoneNumber("+12065550100", "+12065550101", "+12065550102");
    standIn.seedPhoneNumber("+12065550101", other);
    standIn.associateWithVoiceConnector("+12065550102", "vc9");

    List<PhoneNumberError> errors =
        associate(group, false, "+12065550100", "+12065550101", "+12065550102", "+12065550199");

    assertThat(errors)
        .extracting(PhoneNumberError::phoneNumberId, PhoneNumberError::errorCode)
        .containsExactly(
            tuple("+12065550101", ErrorCode.PHONE_NUMBER_ASSOCIATIONS_EXIST),
            tuple("+12065550102", ErrorCode.PHONE_NUMBER_ASSOCIATIONS_EXIST),
            tuple("+12065550199", ErrorCode.NOT_FOUND));
    assertThat(errors).allSatisfy(e -> assertThat(e.errorMessage()).isNotBlank());
    assertThat(standIn.phoneNumbers(group)).containsExactly("+12065550100");
    assertThat(standIn.association("+12065550101"))
        .hasValue(Association.voiceConnectorGroup(other));
    assertThat(standIn.association("+12065550102")).hasValue(Association.voiceConnector("vc9"));
  }

  @Test
  void forceAssociateMovesNumbersFromAnotherGroupAndFromAVoiceConnector() {
    String group = create("g").voiceConnectorGroupId();
    String other = create("other").voiceConnectorGroupId();
    standIn.orderPhoneNumber("+12065550101", "+12065550102");
    standIn.seedPhoneNumber("+12065550101", other);
    standIn.associateWithVoiceConnector("+12065550102", "vc9");

    assertThat(associate(group, true, "+12065550101", "+12065550102")).isEmpty();

    assertThat(standIn.phoneNumbers(group)).containsExactly("+12065550101", "+12065550102");
    assertThat(standIn.phoneNumbers(other)).isEmpty();
    assertThat(standIn.association("+12065550102"))
        .hasValue(Association.voiceConnectorGroup(group));
  }

  @Test
  void associatingANumberAlreadyOnTheGroupSucceedsWithoutChange() {
    String group = create("g").voiceConnectorGroupId();
    standIn.seedPhoneNumber("+12065550100", group);

    assertThat(associate(group, false, "+12065550100")).isEmpty();
    assertThat(standIn.phoneNumbers(group)).containsExactly("+12065550100");
  }

  @Test
  void oneMalformedNumberFailsTheWholeAssociateRequest() {
    String group = create("g").voiceConnectorGroupId();
    standIn.orderPhoneNumber("+12065550100");

    assertFails(
        () -> associate(group, false, "+12065550100", "+0123"),
        BadRequestException.class,
        400,
        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("+0123"));
    assertFails(() -> disassociate(group, "206-555-0100"), BadRequestException.class, 400);
    assertThat(standIn.phoneNumbers(group)).isEmpty();
  }

  @Test
  void disassociatingANumberNotOnTheGroupReportsNotFound() {
    String group = create("g").voiceConnectorGroupId();
    String other = create("other").voiceConnectorGroupId();
    standIn.seedPhoneNumber("+12065550100", group);
    standIn.seedPhoneNumber("+12065550101", other);

    List<PhoneNumberError> errors =
        disassociate(group, "+12065550100", "+12065550101", "+12065550199");

    assertThat(errors)
        .extracting(PhoneNumberError::phoneNumberId, PhoneNumberError::errorCode)
        .containsExactly(
            tuple("+12065550101", ErrorCode.NOT_FOUND), tuple("+12065550199", ErrorCode.NOT_FOUND));
    assertThat(standIn.association("+12065550100")).isEmpty();
    assertThat(standIn.phoneNumbers(other)).containsExactly("+12065550101");
  }

  @Test
  void listPhoneNumbersFilteredByGroupGivesNumberIdAndAssociation() {
    String group = create("g").voiceConnectorGroupId();
    standIn.orderPhoneNumber("+12065550100", "+12065550101", "+12065550102");
    assertThat(associate(group, false, "+12065550101", "+12065550100")).isEmpty();

    List<PhoneNumber> listed = numbersOfGroup(group);

    assertThat(listed)
        .extracting(PhoneNumber::e164PhoneNumber)
        .containsExactly("+12065550100", "+12065550101");
    assertThat(listed)
        .extracting(PhoneNumber::phoneNumberId)
        .containsExactly("+12065550100", "+12065550101");
    assertThat(listed.get(0).associations())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo(PhoneNumberAssociationName.VOICE_CONNECTOR_GROUP_ID);
              assertThat(a.value()).isEqualTo(group);
              assertThat(a.associatedTimestamp()).isNotNull();
            });
    assertThat(client.listPhoneNumbers(r -> {}).phoneNumbers())
        .extracting(PhoneNumber::e164PhoneNumber)
        .containsExactly("+12065550100", "+12065550101", "+12065550102");
    assertThat(
            client
                .listPhoneNumbers(
                    r ->
                        r.filterName(PhoneNumberAssociationName.VOICE_CONNECTOR_ID)
                            .filterValue(group))
                .phoneNumbers())
        .isEmpty();
    assertThat(listed.get(0).associations())
        .extracting(PhoneNumberAssociation::value)
        .containsOnly(group);
  }

  @Test
  void inventoryHelpersRefuseNumbersTheModelWouldRefuse() {
    assertThatThrownBy(() -> standIn.orderPhoneNumber("555-0100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("555-0100");
    assertThatThrownBy(() -> standIn.association("+12065550100"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the account's inventory");
  }

  // ---------------------------------------------------------------- other faults

  @Test
  void failNextAnswersErrorsThenRecovers() throws Exception {
    standIn.failNext(
        Operation.LIST_VOICE_CONNECTOR_GROUPS, 2, 503, "ServiceUnavailableException", "down");

    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/voice-connector-groups", null).statusCode()).isEqualTo(200);
  }

  @Test
  void closeReturnsPromptlyWhileARequestHangs() throws Exception {
    standIn.hangUntilClosed(Operation.CREATE_VOICE_CONNECTOR_GROUP);
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(standIn.endpoint() + "/voice-connector-groups"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"g\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    while (standIn.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP) == 0) {
      Thread.sleep(5);
    }

    long start = System.nanoTime();
    standIn.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(standIn.groups()).isEmpty();
    pending.cancel(true);
  }

  // ---------------------------------------------------------------- injected clock

  @Test
  void timestampsAndArrivalTimesComeFromTheInjectedClock() throws Exception {
    ManualClock clock = onManualClock();

    VoiceConnectorGroup created = create("g", item("vc1", 1));
    clock.advance(Duration.ofMinutes(5));
    VoiceConnectorGroup updated =
        client
            .updateVoiceConnectorGroup(
                r ->
                    r.voiceConnectorGroupId(created.voiceConnectorGroupId())
                        .name("h")
                        .voiceConnectorItems(item("vc1", 2)))
            .voiceConnectorGroup();

    assertThat(created.createdTimestamp()).isEqualTo(T0);
    assertThat(updated.createdTimestamp()).isEqualTo(T0);
    assertThat(updated.updatedTimestamp()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(standIn.requests())
        .extracting(ChimeSdkVoiceStandIn.Request::receivedAt)
        .containsExactly(T0, T0.plus(Duration.ofMinutes(5)));
    assertThat(standIn.clock()).isSameAs(clock);
  }

  @Test
  void accessDeniedForADurationEndsOnTheInjectedClock() throws Exception {
    ManualClock clock = onManualClock();
    standIn.denyAccess(Operation.LIST_VOICE_CONNECTOR_GROUPS, VISIBILITY);

    clock.advance(VISIBILITY.minusMillis(1));
    assertFails(this::listedGroupIds, AccessDeniedException.class, 403);

    clock.advance(Duration.ofMillis(1));
    assertThat(listedGroupIds()).isEmpty();
  }

  // ---------------------------------------------------------------- independent lags

  @Test
  void getLagHidesANewGroupFromTheCallsNamingItButNotFromTheList() throws Exception {
    ManualClock clock = onManualClock();
    standIn.orderPhoneNumber("+12065550100");
    standIn.setGetLag(VISIBILITY);
    String id = create("fresh", item("vc1", 1)).voiceConnectorGroupId();

    clock.advance(VISIBILITY.minusMillis(1));
    assertFails(() -> get(id), NotFoundException.class, 404);
    assertFails(() -> associate(id, false, "+12065550100"), NotFoundException.class, 404);
    assertFails(
        () -> client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(id)),
        NotFoundException.class,
        404);
    assertThat(listedGroupIds()).containsExactly(id);

    clock.advance(Duration.ofMillis(1));
    get(id);
    assertThat(associate(id, false, "+12065550100")).isEmpty();
  }

  @Test
  void listLagHidesANewGroupFromTheListButNotFromGet() throws Exception {
    ManualClock clock = onManualClock();
    standIn.setListLag(VISIBILITY);
    String id = create("fresh").voiceConnectorGroupId();

    get(id);
    clock.advance(VISIBILITY.minusMillis(1));
    assertThat(listedGroupIds()).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(listedGroupIds()).containsExactly(id);
  }

  @Test
  void listLagKeepsADeletedGroupListedWhileGetAnswersNotFound() throws Exception {
    ManualClock clock = onManualClock();
    String deleted = standIn.seedGroup("deleted", List.of());
    String goneOutOfBand = standIn.seedGroup("gone", List.of());
    String kept = standIn.seedGroup("kept", List.of());
    standIn.setListLag(VISIBILITY);

    client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(deleted));
    standIn.deleteGroupOutOfBand(goneOutOfBand);

    assertFails(() -> get(deleted), NotFoundException.class, 404);
    assertThat(standIn.groups()).extracting(g -> g.id()).containsExactly(kept);
    assertThat(listedGroupIds()).containsExactly(deleted, goneOutOfBand, kept);
    assertThat(create("counts only real groups towards the quota").name()).isNotEmpty();

    clock.advance(VISIBILITY);
    assertThat(listedGroupIds()).doesNotContain(deleted, goneOutOfBand).contains(kept);
  }

  @Test
  void propagationDelaySetsBothTheGetAndTheListLag() throws Exception {
    ManualClock clock = onManualClock();
    standIn.setPropagationDelay(VISIBILITY);
    String id = create("fresh").voiceConnectorGroupId();

    clock.advance(VISIBILITY.minusMillis(1));
    assertFails(() -> get(id), NotFoundException.class, 404);
    assertThat(listedGroupIds()).isEmpty();

    clock.advance(Duration.ofMillis(1));
    get(id);
    assertThat(listedGroupIds()).containsExactly(id);
  }

  @Test
  void phoneNumberListLagShowsTheGroupsAssociationsAsTheyWereThatLongAgo() throws Exception {
    ManualClock clock = onManualClock();
    String group = standIn.seedGroup("g", List.of());
    standIn.orderPhoneNumber("+12065550100");
    standIn.seedPhoneNumber("+12065550101", group);
    standIn.setPhoneNumberListLag(Duration.ofSeconds(30));

    assertThat(associate(group, false, "+12065550100")).isEmpty();
    assertThat(disassociate(group, "+12065550101")).isEmpty();

    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(numbersOfGroup(group))
        .as("the seeded number still listed, the associated one not yet")
        .extracting(PhoneNumber::e164PhoneNumber)
        .containsExactly("+12065550101");
    assertThat(standIn.phoneNumbers(group)).containsExactly("+12065550100");

    clock.advance(Duration.ofMillis(1));
    assertThat(numbersOfGroup(group))
        .extracting(PhoneNumber::e164PhoneNumber)
        .containsExactly("+12065550100");
  }

  @Test
  void deleteIsRefusedForNumbersTheGroupReallyHasWhateverTheListShows() throws Exception {
    ManualClock clock = onManualClock();
    String group = standIn.seedGroup("g", List.of());
    standIn.orderPhoneNumber("+12065550100");
    standIn.setPhoneNumberListLag(Duration.ofSeconds(30));
    assertThat(associate(group, false, "+12065550100")).isEmpty();
    assertThat(numbersOfGroup(group)).isEmpty();

    assertFails(
        () -> client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(group)),
        BadRequestException.class,
        400,
        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("still has phone numbers"));

    clock.advance(Duration.ofSeconds(30));
    assertThat(disassociate(group, "+12065550100")).isEmpty();
    assertThat(numbersOfGroup(group)).as("still listed").hasSize(1);
    client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(group));
    assertThat(standIn.group(group)).isEmpty();
  }

  // ---------------------------------------------------------------- another stack's group

  @Test
  void seededGroupCarriesTheGivenCreatedTimestampAndIsKnownAtOnceWhateverTheLags()
      throws Exception {
    onManualClock();
    standIn.setPropagationDelay(VISIBILITY);
    Instant sameSecond = T0.minusMillis(400);

    String mine = standIn.seedGroup("Twin", List.of(new Item("vc1", 1)), sameSecond);
    String theirs = standIn.seedGroup("Twin", List.of(new Item("vc1", 1)), sameSecond);

    VoiceConnectorGroup got =
        client.getVoiceConnectorGroup(r -> r.voiceConnectorGroupId(theirs)).voiceConnectorGroup();
    assertThat(got.createdTimestamp()).isEqualTo(sameSecond);
    assertThat(got.updatedTimestamp()).isEqualTo(sameSecond);
    assertThat(got.voiceConnectorItems()).containsExactly(item("vc1", 1));
    assertThat(listedGroupIds()).containsExactly(mine, theirs);
  }

  // ---------------------------------------------------------------- lost answers

  @Test
  void droppedAnswerReachesTheSdkAsAnIoErrorAfterTheCallTookEffect() {
    standIn.dropAnswerOfNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);

    assertThatThrownBy(() -> create("made", item("vc1", 1)))
        .isInstanceOf(SdkClientException.class)
        .isNotInstanceOf(AwsServiceException.class)
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(standIn.groups()).extracting(g -> g.name()).containsExactly("made");

    assertThat(create("answered").name()).as("only the next call").isEqualTo("answered");
  }

  /**
   * The JDK's HttpURLConnection, under the SDK's url-connection-client, sends a request without a
   * streamed body once more when the connection closes before any answer, unseen by the SDK (its
   * attempt count stays 1): the lost delete comes back as NotFound.
   */
  @Test
  void droppedAnswerOfADeleteIsResentUnderTheSdkAndAnswersNotFound() {
    String id = create("doomed").voiceConnectorGroupId();
    standIn.dropAnswerOfNext(Operation.DELETE_VOICE_CONNECTOR_GROUP, 1);

    assertFails(
        () -> client.deleteVoiceConnectorGroup(r -> r.voiceConnectorGroupId(id)),
        NotFoundException.class,
        404,
        e -> assertThat(e.getMessage()).contains("SDK Attempt Count: 1"));
    assertThat(standIn.requestCount(Operation.DELETE_VOICE_CONNECTOR_GROUP)).isEqualTo(2);
    assertThat(standIn.group(id)).isEmpty();
  }

  @Test
  void sdkRetryOfACreateWhoseAnswerWasDroppedMakesASecondGroup() {
    standIn.dropAnswerOfNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);

    try (ChimeSdkVoiceClient retrying = clientOf(standIn, true)) {
      VoiceConnectorGroup answered =
          retrying.createVoiceConnectorGroup(r -> r.name("twice")).voiceConnectorGroup();

      assertThat(standIn.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP)).isEqualTo(2);
      assertThat(standIn.groups()).extracting(g -> g.name()).containsExactly("twice", "twice");
      assertThat(answered.voiceConnectorGroupId()).isEqualTo(standIn.groups().get(1).id());
    }
  }
}

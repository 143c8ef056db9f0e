package io.github.voiceconnectorgroup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.e2e.CustomResourceFunction.Answer;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Association;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.LambdaFunction;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Resource;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import io.github.voiceconnectorgroup.testsupport.JsonValues;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.InvocationResult;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.Outcome;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Plays CloudFormation's custom resource sequences against the handler asset the example app
 * synthesizes, run as the Lambda Java runtime runs it, with a stateful local Chime SDK Voice.
 *
 * <p>Everything is found in the cloud assembly: the stack holding a {@code
 * Custom::VoiceConnectorGroup}, the one function its ServiceToken names, that function's
 * configuration and code asset. One function process serves every sequence, one event at a time, as
 * a warm Lambda execution environment would; the first event is its cold start. Each failure
 * message starts with {@code [<sequence>: <RequestType> of <LogicalResourceId>]}.
 */
class VoiceConnectorGroupLifecycleIT {

  private static final String GROUP_TYPE = "Custom::VoiceConnectorGroup";

  /**
   * Timeout of ordinary invocations: the template's, capped so that a handler that hangs fails the
   * test in a minute rather than in the template's minutes. The handler only sees the deadline.
   */
  private static final Duration ORDINARY_TIMEOUT_CAP = Duration.ofSeconds(60);

  /** Timeout of the invocations whose service never recovers: the deadline guard must answer. */
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(10);

  /** A second number of the account's inventory, for the phone number sequences. */
  private static final String OTHER_NUMBER = "+12065550199";

  private static ChimeSdkVoiceStandIn chime;
  private static TemplateValues values;
  private static Stack stack;
  private static Resource group;
  private static CustomResourceFunction function;
  private static long pid;
  private static Map<String, Object> templateProperties;

  @BeforeAll
  static void deployFunction() throws IOException {
    SynthesizedApp app = SynthesizedApp.get();
    stack =
        app.exampleStacks().stream()
            .map(id -> app.assembly().stack(id))
            .filter(s -> !s.resourcesOfType(GROUP_TYPE).isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no example stack holds a " + GROUP_TYPE));
    group = stack.resourcesOfType(GROUP_TYPE).get(0);
    LambdaFunction lambda = servingFunction(stack, group);

    chime =
        ChimeSdkVoiceStandIn.start(
            stack.region().orElse("us-east-1"), stack.account().orElse("123456789012"));
    values = new TemplateValues(chime);
    chime.orderPhoneNumber(SynthesizedApp.EXAMPLE_PHONE_NUMBER, OTHER_NUMBER);
    function = CustomResourceFunction.start(stack, lambda, chime);
    pid = function.process().pid();
    templateProperties = values.resourceProperties(stack, group, function.functionArn());
    // The sequences run in no set order; the cold start the figures report is this plain create
    // and delete, served first.
    String coldStart = "cold start";
    Answer create = function.create(coldStart, group, templateProperties, ordinaryTimeout());
    assertStatus(create, "SUCCESS");
    Answer delete =
        function.delete(
            coldStart, group, create.physicalResourceId(), templateProperties, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    System.out.printf(
        "[e2e] stack %s: %s serves %s with %s %s, timeout %d s, memory %d MB, asset %s (%d bytes)%n",
        stack.artifactId(),
        lambda.logicalId(),
        group.logicalId(),
        lambda.runtime(),
        lambda.handler(),
        lambda.timeoutSeconds(),
        lambda.memorySizeMb(),
        function.asset().getFileName(),
        Files.isDirectory(function.asset()) ? -1 : Files.size(function.asset()));
  }

  @AfterAll
  static void stopFunction() {
    if (function != null) {
      printFigures("example stack function", function);
      String logs = function.process().logs();
      function.close();
      assertThat(logs)
          .as("function log must never hold the ResponseURL's signature")
          .doesNotContain(function.responseUrl().signature());
      assertThat(logs)
          .as("function log must never hold credentials")
          .doesNotContain(
              io.github.voiceconnectorgroup.testsupport.JavaLambdaProcess.FAKE_SECRET_ACCESS_KEY);
    }
    if (chime != null) {
      chime.close();
    }
  }

  @BeforeEach
  void resetFaultsAndEnvironment() throws IOException {
    chime.clearFaults();
    chime.clearRequests();
    chime.setPropagationDelay(Duration.ZERO);
    chime.setGroupQuota(ChimeSdkVoiceStandIn.DEFAULT_GROUP_QUOTA);
    // Each sequence stands alone: one that failed and left groups must not push the next past
    // the account's group quota.
    chime.groups().forEach(leftover -> chime.deleteGroupOutOfBand(leftover.id()));
    // A sequence that broke the process must not break the next one: Lambda would start anew.
    function.restartIfExited();
    pid = function.process().pid();
  }

  @AfterEach
  void sameProcessStillServes() {
    assertThat(function.process().isAlive())
        .as("the function process is still running after the sequence\n" + function.logTail())
        .isTrue();
    assertThat(function.process().pid()).isEqualTo(pid);
  }

  @Test
  @DisplayName("deploy (create), update in place, destroy")
  void deployThenUpdateInPlaceThenDestroy() {
    String sequence = "deploy, update in place, destroy";
    Map<String, Object> created = templateProperties;

    Answer create = function.create(sequence, group, created, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(create, created);

    Map<String, Object> updated = withName(swapPriorities(created), name(created) + "-renamed");
    Answer update = function.update(sequence, group, groupId, updated, created, ordinaryTimeout());
    assertStatus(update, "SUCCESS");
    assertThat(update.physicalResourceId())
        .as(update.step() + " PhysicalResourceId of an in-place update")
        .isEqualTo(groupId);
    assertGroupMatches(update, groupId, updated);

    Answer delete = function.delete(sequence, group, groupId, updated, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(delete.physicalResourceId())
        .as(delete.step() + " PhysicalResourceId must not change on Delete")
        .isEqualTo(groupId);
    assertThat(chime.group(groupId)).as(delete.step() + " group left in Chime SDK Voice").isEmpty();
  }

  @Test
  @DisplayName("failed create, then the delete that follows")
  void failedCreateThenTheDeleteThatFollows() {
    String sequence = "failed create, then its delete";
    Map<String, Object> properties =
        withName(templateProperties, name(templateProperties) + "-failed");
    chime.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP,
        1,
        400,
        "BadRequestException",
        "Voice connector group cannot be created");
    List<Group> before = chime.groups();

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());
    assertStatus(create, "FAILED");
    assertThat(create.reason())
        .as(create.step() + " Reason carries the service's error")
        .contains("BadRequest")
        .contains("Voice connector group cannot be created");
    String failedId = create.physicalResourceId();
    assertThat(failedId)
        .as(create.step() + " PhysicalResourceId of a failed Create")
        .isNotBlank()
        .hasSizeLessThanOrEqualTo(1024);
    assertThat(chime.group(failedId)).as(create.step() + " failed id names no group").isEmpty();
    assertThat(chime.groups())
        .as(create.step() + " groups after a failed Create")
        .isEqualTo(before);

    int requestsBefore = chime.requests().size();
    Answer delete = function.delete(sequence, group, failedId, properties, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(delete.physicalResourceId())
        .as(delete.step() + " PhysicalResourceId must not change on Delete")
        .isEqualTo(failedId);
    assertThat(chime.requests().subList(requestsBefore, chime.requests().size()))
        .as(delete.step() + " API calls for a group that was never created")
        .isEmpty();
  }

  @Test
  @DisplayName("failed update, then its rollback")
  void failedUpdateThenItsRollback() {
    String sequence = "failed update, then its rollback";
    Map<String, Object> original =
        withName(templateProperties, name(templateProperties) + "-rollback");
    Answer create = function.create(sequence, group, original, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(create, original);

    // The new properties name a voice connector that does not exist: the service refuses them.
    Map<String, Object> broken = withName(original, name(original) + "-next");
    items(broken).get(0).put("VoiceConnectorId", TemplateValues.randomVoiceConnectorId());
    Answer update = function.update(sequence, group, groupId, broken, original, ordinaryTimeout());
    assertStatus(update, "FAILED");
    assertThat(update.reason()).as(update.step() + " Reason").isNotBlank();
    assertThat(update.physicalResourceId())
        .as(update.step() + " PhysicalResourceId of a failed Update")
        .isEqualTo(groupId);
    assertGroupMatches(update, groupId, original);

    // CloudFormation rolls back with the properties swapped.
    Answer rollback =
        function.update(sequence, group, groupId, original, broken, ordinaryTimeout());
    assertStatus(rollback, "SUCCESS");
    assertThat(rollback.physicalResourceId())
        .as(rollback.step() + " rollback PhysicalResourceId")
        .isEqualTo(groupId);
    assertGroupMatches(rollback, groupId, original);

    destroy(sequence, groupId, original);
  }

  @Test
  @DisplayName("replacement: new id on update, then the old id deleted")
  void replacementCreatesANewIdThenTheOldIdIsDeleted() {
    String sequence = "replacement";
    Map<String, Object> original =
        withName(templateProperties, name(templateProperties) + "-replaced");
    Answer create = function.create(sequence, group, original, ordinaryTimeout());
    String oldId = assertSucceededWithGroup(create, original);

    // Someone deletes the group outside the stack; the next update must make a new one.
    assertThat(chime.deleteGroupOutOfBand(oldId)).isTrue();
    Map<String, Object> updated = withName(original, name(original) + "-again");
    Answer update = function.update(sequence, group, oldId, updated, original, ordinaryTimeout());
    assertStatus(update, "SUCCESS");
    String newId = update.physicalResourceId();
    assertThat(newId)
        .as(update.step() + " PhysicalResourceId after replacement")
        .isNotEqualTo(oldId);
    assertGroupMatches(update, newId, updated);
    assertThat(update.data())
        .as(update.step() + " Data after replacement")
        .containsEntry("VoiceConnectorGroupId", newId)
        .containsEntry("VoiceConnectorGroupArn", chime.arnOf(newId));

    // CloudFormation's cleanup deletes the old physical id, with the old properties.
    Answer cleanup = function.delete(sequence, group, oldId, original, ordinaryTimeout());
    assertStatus(cleanup, "SUCCESS");
    assertThat(cleanup.physicalResourceId())
        .as(cleanup.step() + " cleanup PhysicalResourceId must not change on Delete")
        .isEqualTo(oldId);
    assertThat(chime.group(newId))
        .as(cleanup.step() + " the new group survives the cleanup")
        .isPresent();

    destroy(sequence, newId, updated);
  }

  @Test
  @DisplayName("throttling and 5xx storms")
  void throttlingAndServerErrorStorms() {
    String sequence = "throttling and 5xx storms";
    Map<String, Object> properties =
        withName(templateProperties, name(templateProperties) + "-storm");

    // A short storm on each call is retried and the stack never notices.
    chime.throttle(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);
    chime.failNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP,
        1,
        503,
        "ServiceUnavailableException",
        "Unavailable");
    long createsBefore = chime.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP);
    // After the 503 the handler looks for the group the create may have made until a new group
    // would be visible (a minute) before it creates again: this needs the template's timeout.
    Answer create = function.create(sequence, group, properties, function.templateTimeout());
    String groupId = assertSucceededWithGroup(create, properties);
    assertThat(chime.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP) - createsBefore)
        .as(create.step() + " CreateVoiceConnectorGroup calls (429, 503, then success)")
        .isEqualTo(3);
    assertThat(chime.groups().stream().filter(g -> g.name().equals(name(properties))))
        .as(create.step() + " groups with the name: retries must not create twice")
        .hasSize(1);

    chime.throttle(Operation.UPDATE_VOICE_CONNECTOR_GROUP, 2);
    Map<String, Object> updated = swapPriorities(properties);
    Answer update =
        function.update(sequence, group, groupId, updated, properties, ordinaryTimeout());
    assertStatus(update, "SUCCESS");
    assertGroupMatches(update, groupId, updated);

    chime.failNext(
        Operation.DELETE_VOICE_CONNECTOR_GROUP,
        2,
        500,
        "ServiceFailureException",
        "Internal failure");
    destroy(sequence, groupId, updated);

    // A storm that does not end: FAILED before the deadline, no group, and the delete that follows.
    Map<String, Object> doomed = withName(properties, name(properties) + "-endless");
    chime.failAlways(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 503, "ServiceUnavailableException", "Unavailable");
    Answer endless = function.create(sequence + " (endless)", group, doomed, SHORT_TIMEOUT);
    assertAnsweredBeforeDeadline(endless);
    assertStatus(endless, "FAILED");
    assertThat(endless.reason()).as(endless.step() + " Reason").contains("ServiceUnavailable");
    chime.clearFaults();
    assertThat(chime.groups().stream().filter(g -> g.name().equals(name(doomed))))
        .as(endless.step() + " groups created by an endless storm")
        .isEmpty();
    // The endless storm's create is in doubt: the delete judges it once a group it made would be
    // visible, which needs the template's timeout.
    Answer delete =
        function.delete(
            sequence + " (endless)",
            group,
            endless.physicalResourceId(),
            doomed,
            function.templateTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(delete.physicalResourceId())
        .as(delete.step() + " PhysicalResourceId must not change on Delete")
        .isEqualTo(endless.physicalResourceId());
  }

  @Test
  @DisplayName("a service that hangs past the function's deadline")
  void serviceHangingPastTheDeadlineIsAnsweredBeforeIt() {
    String sequence = "service hangs past the deadline";
    Map<String, Object> properties =
        withName(templateProperties, name(templateProperties) + "-hang");
    Duration hold = SHORT_TIMEOUT.plusSeconds(3);
    chime.hangNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, hold);
    long holdStarted = System.nanoTime();

    Answer create = function.create(sequence, group, properties, SHORT_TIMEOUT);
    assertAnsweredBeforeDeadline(create);
    assertStatus(create, "FAILED");
    assertThat(create.reason()).as(create.step() + " Reason").isNotBlank();
    assertThat(function.process().isAlive())
        .as(create.step() + " the process answered without being killed")
        .isTrue();

    // The service still acts on the held request after its client gave up. CloudFormation's
    // rollback sends the delete some seconds later, when the group exists: the same process must
    // serve it and leave no group behind.
    sleepUntil(holdStarted + hold.plusSeconds(1).toNanos());
    // The delete judges the create once a group it made would be visible: the template's timeout.
    Answer delete =
        function.delete(
            sequence, group, create.physicalResourceId(), properties, function.templateTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(delete.physicalResourceId())
        .as(delete.step() + " PhysicalResourceId must not change on Delete")
        .isEqualTo(create.physicalResourceId());
    assertThat(chime.groups())
        .as(delete.step() + " no group made by the held create may remain")
        .noneMatch(g -> g.name().equals(name(properties)));
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName("the response URL fails once")
  void responseUrlFailingOnceStillGetsTheResponse() {
    String sequence = "response URL fails once";
    Map<String, Object> properties =
        withName(templateProperties, name(templateProperties) + "-put");
    function.responseUrl().failNext(1);

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());
    assertThat(create.puts())
        .as(create.step() + " PUTs: a failed one, then the accepted one")
        .extracting(RecordedRequest::answeredStatus)
        .containsExactly(500, 200);
    assertThat(create.puts().get(1).bodyText())
        .as(create.step() + " the retried PUT carries the same response")
        .isEqualTo(create.puts().get(0).bodyText());
    String groupId = assertSucceededWithGroup(create, properties);
    assertThat(chime.groups().stream().filter(g -> g.name().equals(name(properties))))
        .as(create.step() + " a failed PUT must not create the group twice")
        .hasSize(1);

    destroy(sequence, groupId, properties);
  }

  @Test
  @DisplayName("two groups in one stack, one warm function")
  void twoGroupsInOneStackAreServedWarmByOneFunction() throws IOException {
    String sequence = "two groups, one function";
    Stack twoGroups = SynthesizedApp.get().assembly().stack(SynthesizedApp.TWO_GROUPS_STACK);
    List<Resource> groups = twoGroups.resourcesOfType(GROUP_TYPE);
    assertThat(groups).as("[" + sequence + "] groups in " + twoGroups.artifactId()).hasSize(2);
    LambdaFunction lambda = servingFunction(twoGroups, groups.get(0));
    assertThat(twoGroups.customResourcesServedBy(lambda))
        .as("[" + sequence + "] both groups are served by " + lambda.logicalId())
        .extracting(Resource::logicalId)
        .containsExactlyElementsOf(groups.stream().map(Resource::logicalId).toList());

    try (CustomResourceFunction shared = CustomResourceFunction.start(twoGroups, lambda, chime)) {
      long sharedPid = shared.process().pid();
      Map<String, String> ids = new LinkedHashMap<>();
      Map<String, Map<String, Object>> propertiesById = new LinkedHashMap<>();
      for (Resource resource : groups) {
        Map<String, Object> properties =
            values.resourceProperties(twoGroups, resource, shared.functionArn());
        Answer create = shared.create(sequence, resource, properties, ordinaryTimeout());
        String groupId = assertSucceededWithGroup(create, properties);
        ids.put(resource.logicalId(), groupId);
        propertiesById.put(groupId, properties);
      }
      assertThat(ids.values()).as("[" + sequence + "] group ids").doesNotHaveDuplicates();
      for (Resource resource : groups) {
        String groupId = ids.get(resource.logicalId());
        Answer delete =
            shared.delete(
                sequence, resource, groupId, propertiesById.get(groupId), ordinaryTimeout());
        assertStatus(delete, "SUCCESS");
        assertThat(delete.physicalResourceId())
            .as(delete.step() + " PhysicalResourceId")
            .isEqualTo(groupId);
        assertThat(chime.group(groupId)).as(delete.step() + " group left").isEmpty();
      }
      assertThat(shared.process().pid())
          .as("[" + sequence + "] one process served all four events")
          .isEqualTo(sharedPid);
      assertThat(shared.process().isAlive()).isTrue();
      assertThat(shared.results())
          .as("[" + sequence + "] every invocation ended with a response")
          .extracting(InvocationResult::outcome)
          .containsOnly(Outcome.RESPONSE);
      assertThat(shared.process().logs())
          .as("[" + sequence + "] function log must never hold the ResponseURL's signature")
          .doesNotContain(shared.responseUrl().signature());
      printFigures("two-group stack function", shared);
    }
  }

  // ------------------------------------------------- the service's ways (eventual consistency,
  // quota, IAM propagation, duplicate delivery)

  @Test
  @DisplayName("rollback right after create: the delete waits for the new group and removes it")
  void rollbackRightAfterCreateLeavesNoGroup() {
    String sequence = "rollback right after create";
    chime.setPropagationDelay(INVISIBLE_FOR);
    Map<String, Object> properties = withName(templateProperties, "e2e-rolled-back");

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(create, properties);
    // Another resource of the stack failed: CloudFormation deletes this one at once.
    Answer delete = function.delete(sequence, group, groupId, properties, ordinaryTimeout());

    assertStatus(delete, "SUCCESS");
    assertThat(chime.groups()).as(delete.step() + " groups left in the account").isEmpty();
    assertThat(chime.association(SynthesizedApp.EXAMPLE_PHONE_NUMBER))
        .as(delete.step() + " the number is free again")
        .isEmpty();
  }

  @Test
  @DisplayName("update while the new group is invisible: in place, no second group")
  void updateWhileTheNewGroupIsInvisibleUpdatesInPlace() {
    String sequence = "update of an invisible group";
    chime.setPropagationDelay(INVISIBLE_FOR);
    Map<String, Object> original = withName(templateProperties, "e2e-invisible");
    String groupId =
        assertSucceededWithGroup(
            function.create(sequence, group, original, ordinaryTimeout()), original);

    Map<String, Object> updated = swapPriorities(original);
    Answer update = function.update(sequence, group, groupId, updated, original, ordinaryTimeout());

    assertStatus(update, "SUCCESS");
    assertThat(update.physicalResourceId()).as(update.step() + " id").isEqualTo(groupId);
    assertThat(chime.groups())
        .as(update.step() + " groups")
        .extracting(Group::id)
        .containsExactly(groupId);
    assertGroupMatches(update, groupId, updated);
    destroy(sequence, groupId, updated);
  }

  @Test
  @DisplayName("create answered 5xx after it took effect, with lists lagging: one group")
  void createAnswered5xxAfterTakingEffectWhileListsLagMakesOneGroup() {
    String sequence = "create 5xx after effect, lists lagging";
    chime.setPropagationDelay(INVISIBLE_FOR);
    chime.failAfterServingNext(
        Operation.CREATE_VOICE_CONNECTOR_GROUP, 1, 500, "ServiceFailureException", "late");
    Map<String, Object> properties = withName(templateProperties, "e2e-lagging");

    // The create is judged a minute after its 500, once a group it made would be listed.
    Answer create = function.create(sequence, group, properties, function.templateTimeout());

    String groupId = assertSucceededWithGroup(create, properties);
    assertThat(chime.groups())
        .as(create.step() + " groups")
        .extracting(Group::id)
        .containsExactly(groupId);
    assertThat(chime.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP))
        .as(create.step() + " creates sent")
        .isEqualTo(1);
    destroy(sequence, groupId, properties);
  }

  @Test
  @DisplayName("the account's group quota is reached: FAILED saying so, nothing left behind")
  void quotaReachedFailsAndLeavesNothingBehind() {
    String sequence = "group quota reached";
    for (int i = 0; i < ChimeSdkVoiceStandIn.DEFAULT_GROUP_QUOTA; i++) {
      chime.seedGroup("someone-elses-" + i, List.of(new Item("vc-other-" + i, 1)));
    }
    List<Group> before = chime.groups();
    Map<String, Object> properties = withName(templateProperties, "e2e-one-too-many");

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());

    assertStatus(create, "FAILED");
    assertThat(create.reason())
        .as(create.step() + " Reason")
        .contains("ResourceLimitExceededException", "quota (3 by default) is reached")
        .contains("delete a group it no longer needs", "request a higher quota");
    assertThat(chime.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP))
        .as(create.step() + " creates sent (a quota refusal is not retried)")
        .isEqualTo(1);
    Answer delete =
        function.delete(
            sequence, group, create.physicalResourceId(), properties, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(chime.groups()).as(delete.step() + " groups").isEqualTo(before);
  }

  @Test
  @DisplayName("Lambda delivers the same create twice: one group, the same answer twice")
  void sameCreateDeliveredTwiceMakesOneGroup() {
    String sequence = "create delivered twice";
    Map<String, Object> properties = withName(templateProperties, "e2e-twice");
    CloudFormationEvent event = function.addressed(CloudFormationEvent.create(properties), group);

    Answer first = function.invoke(sequence, event, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(first, properties);
    Answer second = function.invoke(sequence, event, ordinaryTimeout());

    List<RecordedRequest> accepted =
        second.puts().stream().filter(RecordedRequest::accepted).toList();
    assertThat(accepted).as(second.step() + " answers to the one RequestId").hasSize(2);
    assertThat(accepted.get(1).bodyText())
        .as(second.step() + " the second answer repeats the first")
        .isEqualTo(accepted.get(0).bodyText());
    assertThat(chime.groups())
        .as(second.step() + " groups")
        .extracting(Group::id)
        .containsExactly(groupId);
    destroy(sequence, groupId, properties);
  }

  @Test
  @DisplayName("IAM still propagating the new role: AccessDenied retried, then SUCCESS")
  void accessDeniedWhileTheRoleIsNewIsRetried() {
    String sequence = "access denied while IAM propagates";
    chime.denyAccess(Operation.CREATE_VOICE_CONNECTOR_GROUP, Duration.ofSeconds(8));
    Map<String, Object> properties = withName(templateProperties, "e2e-new-role");

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());

    String groupId = assertSucceededWithGroup(create, properties);
    assertThat(chime.requestCount(Operation.CREATE_VOICE_CONNECTOR_GROUP))
        .as(create.step() + " creates sent")
        .isGreaterThan(1);
    destroy(sequence, groupId, properties);
  }

  // ------------------------------------------------------------------ phone numbers

  @Test
  @DisplayName("phone numbers: an update adds one and removes another")
  void updateAddsAndRemovesPhoneNumbers() {
    String sequence = "update phone numbers";
    Map<String, Object> original = withName(templateProperties, "e2e-numbers");
    String groupId =
        assertSucceededWithGroup(
            function.create(sequence, group, original, ordinaryTimeout()), original);

    Map<String, Object> updated = withNumbers(original, null, OTHER_NUMBER);
    Answer update = function.update(sequence, group, groupId, updated, original, ordinaryTimeout());

    assertStatus(update, "SUCCESS");
    assertGroupMatches(update, groupId, updated);
    assertThat(chime.association(SynthesizedApp.EXAMPLE_PHONE_NUMBER))
        .as(update.step() + " the removed number is free")
        .isEmpty();
    destroy(sequence, groupId, updated);
  }

  @Test
  @DisplayName(
      "phone numbers: a number taken elsewhere fails the create, its delete leaves nothing")
  void numberTakenElsewhereFailsWithoutForceAndMovesWithIt() {
    String sequence = "number taken elsewhere";
    chime.associateWithVoiceConnector(OTHER_NUMBER, "vc-elsewhere");
    Map<String, Object> refused =
        withNumbers(withName(templateProperties, "e2e-taken"), "false", OTHER_NUMBER);

    Answer create = function.create(sequence, group, refused, ordinaryTimeout());
    assertStatus(create, "FAILED");
    assertThat(create.reason())
        .as(create.step() + " Reason")
        .contains(OTHER_NUMBER, "PhoneNumberAssociationsExist");
    Answer delete =
        function.delete(sequence, group, create.physicalResourceId(), refused, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(chime.groups()).as(delete.step() + " groups").isEmpty();
    assertThat(chime.association(OTHER_NUMBER))
        .as(delete.step() + " the number stays where it was")
        .contains(Association.voiceConnector("vc-elsewhere"));

    Map<String, Object> forced = withNumbers(refused, "true", OTHER_NUMBER);
    Answer moved = function.create(sequence, group, forced, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(moved, forced);
    destroy(sequence, groupId, forced);
    assertThat(chime.association(OTHER_NUMBER)).as(sequence + " after destroy").isEmpty();
  }

  @Test
  @DisplayName("phone numbers: an unknown number fails the update, the rollback restores")
  void unknownNumberFailsTheUpdateAndTheRollbackRestores() {
    String sequence = "unknown number, rollback";
    Map<String, Object> original = withName(templateProperties, "e2e-unknown-number");
    String groupId =
        assertSucceededWithGroup(
            function.create(sequence, group, original, ordinaryTimeout()), original);

    Map<String, Object> broken = withNumbers(original, null, OTHER_NUMBER, "+19995550123");
    Answer update = function.update(sequence, group, groupId, broken, original, ordinaryTimeout());
    assertStatus(update, "FAILED");
    assertThat(update.reason()).as(update.step() + " Reason").contains("+19995550123", "NotFound");

    Answer rollback =
        function.update(sequence, group, groupId, original, broken, ordinaryTimeout());
    assertStatus(rollback, "SUCCESS");
    assertGroupMatches(rollback, groupId, original);
    assertThat(chime.association(OTHER_NUMBER)).as(rollback.step() + " added number").isEmpty();
    destroy(sequence, groupId, original);
  }

  @Test
  @DisplayName("phone numbers: a malformed number fails before any API call")
  void malformedNumberFailsBeforeAnyCall() {
    String sequence = "malformed number";
    Map<String, Object> properties =
        withNumbers(withName(templateProperties, "e2e-malformed"), null, "206-555-0100");
    int before = chime.requests().size();

    Answer create = function.create(sequence, group, properties, ordinaryTimeout());

    assertStatus(create, "FAILED");
    assertThat(create.reason())
        .as(create.step() + " Reason")
        .isEqualTo(
            group.logicalId()
                + ": PhoneNumbers[0] '206-555-0100'; allowed: an E.164 number matching"
                + " ^\\+?[1-9]\\d{1,14}$, e.g. +12065550100");
    assertThat(chime.requests().size()).as(create.step() + " API calls").isEqualTo(before);
  }

  @Test
  @DisplayName("the template's attributes are the ones the handler answers")
  void templateAttributesAreTheOnesTheHandlerAnswers() {
    String sequence = "attribute names";
    Answer create = function.create(sequence, group, templateProperties, ordinaryTimeout());
    String groupId = assertSucceededWithGroup(create, templateProperties);

    assertThat(create.data().keySet())
        .as(create.step() + " Data holds every attribute the template reads with Fn::GetAtt")
        .containsAll(stack.attributesRead(group));
    destroy(sequence, groupId, templateProperties);
  }

  // ------------------------------------------------------------------ helpers

  private static LambdaFunction servingFunction(Stack stack, Resource resource) {
    List<LambdaFunction> serving =
        stack.lambdaFunctions().stream()
            .filter(f -> stack.customResourcesServedBy(f).contains(resource))
            .toList();
    assertThat(serving)
        .as(
            "functions whose ARN is the ServiceToken of "
                + resource.logicalId()
                + " in "
                + stack.artifactId())
        .hasSize(1);
    LambdaFunction function = serving.get(0);
    // The function is run with this machine's JVM under the Java runtime interface client.
    assertThat(function.runtime())
        .as("Runtime of " + function.logicalId() + " in " + stack.artifactId())
        .startsWith("java");
    assertThat(function.handler())
        .as("Handler of " + function.logicalId() + " in " + stack.artifactId())
        .isNotBlank();
    return function;
  }

  /** How long a new group stays invisible in the sequences about it: seconds, as in practice. */
  private static final Duration INVISIBLE_FOR = Duration.ofSeconds(4);

  private static Duration ordinaryTimeout() {
    Duration template = function.templateTimeout();
    return template.compareTo(ORDINARY_TIMEOUT_CAP) < 0 ? template : ORDINARY_TIMEOUT_CAP;
  }

  /** Checks a successful Create and the group it made; returns the group id. */
  private static String assertSucceededWithGroup(Answer create, Map<String, Object> properties) {
    assertStatus(create, "SUCCESS");
    String groupId = create.physicalResourceId();
    assertThat(groupId).as(create.step() + " PhysicalResourceId").isNotBlank();
    assertThat(create.data())
        .as(create.step() + " Data")
        .containsEntry("VoiceConnectorGroupId", groupId)
        .containsEntry("VoiceConnectorGroupArn", chime.arnOf(groupId));
    assertGroupMatches(create, groupId, properties);
    return groupId;
  }

  private static void assertGroupMatches(
      Answer answer, String groupId, Map<String, Object> properties) {
    Group stored =
        chime
            .group(groupId)
            .orElseThrow(
                () ->
                    new AssertionError(
                        answer.step() + " no group " + groupId + " in Chime SDK Voice"));
    assertThat(stored.name()).as(answer.step() + " group name").isEqualTo(name(properties));
    List<Item> expected = new ArrayList<>();
    for (Map<String, Object> item : items(properties)) {
      expected.add(
          new Item(
              (String) item.get("VoiceConnectorId"),
              Integer.parseInt((String) item.get("Priority"))));
    }
    assertThat(stored.items())
        .as(answer.step() + " group items")
        .containsExactlyInAnyOrderElementsOf(expected);
    if (properties.get("PhoneNumbers") != null) {
      assertThat(chime.phoneNumbers(groupId))
          .as(answer.step() + " group phone numbers")
          .containsExactlyInAnyOrderElementsOf(numbers(properties));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> numbers(Map<String, Object> properties) {
    return (List<String>) properties.get("PhoneNumbers");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withNumbers(
      Map<String, Object> properties, String forceAssociate, String... numbers) {
    Map<String, Object> copy = (Map<String, Object>) JsonValues.deepCopy(properties);
    copy.put("PhoneNumbers", new ArrayList<>(List.of(numbers)));
    if (forceAssociate != null) {
      copy.put("ForceAssociate", forceAssociate);
    }
    return copy;
  }

  private static void assertStatus(Answer answer, String status) {
    assertThat(answer.status())
        .as(answer.step() + " Status, Reason " + answer.reason())
        .isEqualTo(status);
  }

  private static void assertAnsweredBeforeDeadline(Answer answer) {
    Instant deadline =
        answer
            .pendingInvocation()
            .deadline()
            .orElseThrow(() -> new AssertionError(answer.step() + " never delivered"));
    RecordedRequest put = answer.response();
    assertThat(put.receivedAt())
        .as(answer.step() + " response PUT arrives before the function's deadline " + deadline)
        .isBefore(deadline);
    assertThat(answer.invocation().outcome())
        .as(answer.step() + " the invocation returns before the deadline instead of timing out")
        .isEqualTo(Outcome.RESPONSE);
    assertThat(function.process().isAlive()).as(answer.step() + " process alive").isTrue();
  }

  private void destroy(String sequence, String groupId, Map<String, Object> properties) {
    Answer delete = function.delete(sequence, group, groupId, properties, ordinaryTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(delete.physicalResourceId())
        .as(delete.step() + " PhysicalResourceId must not change on Delete")
        .isEqualTo(groupId);
    assertThat(chime.group(groupId)).as(delete.step() + " group left in Chime SDK Voice").isEmpty();
  }

  private static String name(Map<String, Object> properties) {
    return (String) properties.get("Name");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(Map<String, Object> properties) {
    return (List<Map<String, Object>>) properties.get("VoiceConnectorItems");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withName(Map<String, Object> properties, String name) {
    Map<String, Object> copy = (Map<String, Object>) JsonValues.deepCopy(properties);
    copy.put("Name", name);
    return copy;
  }

  /** The same connectors with their priorities reversed: the failover becomes the primary. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> swapPriorities(Map<String, Object> properties) {
    Map<String, Object> copy = (Map<String, Object>) JsonValues.deepCopy(properties);
    List<Map<String, Object>> items = items(copy);
    List<Object> priorities = new ArrayList<>();
    items.forEach(item -> priorities.add(item.get("Priority")));
    for (int i = 0; i < items.size(); i++) {
      items.get(i).put("Priority", priorities.get(items.size() - 1 - i));
    }
    return copy;
  }

  private static void printFigures(String label, CustomResourceFunction target) {
    List<InvocationResult> results = target.results();
    if (results.isEmpty()) {
      return;
    }
    long start = target.process().startedAtNanos();
    InvocationResult first = results.get(0);
    // Init ends at the runtime's first poll; the cold start adds the first invocation to it.
    long initMillis = (target.firstPollAtNanos() - start) / 1_000_000;
    long firstInvokeMillis = first.duration().toMillis();
    List<Long> warm =
        results.subList(1, results.size()).stream()
            .filter(r -> r.outcome() == Outcome.RESPONSE)
            .map(r -> r.duration().toMillis())
            .sorted()
            .toList();
    long size = -1;
    try {
      size = Files.isDirectory(target.asset()) ? -1 : Files.size(target.asset());
    } catch (IOException e) {
      // The size is informative only.
    }
    System.out.printf(
        "[e2e figures] %s: asset %d bytes; cold start (process start to response) %d ms, of which"
            + " init (process start to first poll) %d ms and first invoke %d ms; warm invokes"
            + " (n=%d) median %s ms, min %s ms, max %s ms%n",
        label,
        size,
        initMillis + firstInvokeMillis,
        initMillis,
        firstInvokeMillis,
        warm.size(),
        warm.isEmpty() ? "-" : warm.get(warm.size() / 2),
        warm.isEmpty() ? "-" : warm.get(0),
        warm.isEmpty() ? "-" : warm.get(warm.size() - 1));
  }
}

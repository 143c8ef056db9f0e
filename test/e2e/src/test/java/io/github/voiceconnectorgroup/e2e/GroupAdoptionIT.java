package io.github.voiceconnectorgroup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.e2e.CustomResourceFunction.Answer;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Group;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Resource;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/**
 * Adoption of groups made outside the stack, through the synthesized adoption stack's handler asset
 * under the real runtime interface client. CloudFormation is played as it is: a group whose
 * template says {@code DeletionPolicy: Retain} gets no Delete when the stack goes.
 */
class GroupAdoptionIT {

  private static final String GROUP_TYPE = VoiceConnectorGroupContract.RESOURCE_TYPE;
  private static final String ADOPT = VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID;
  private static final String NUMBER = "+12065550150";

  private static ChimeSdkVoiceStandIn chime;
  private static Stack stack;
  private static Resource kept;
  private static Resource destroyed;
  private static CustomResourceFunction function;
  private static TemplateValues values;

  @BeforeAll
  static void deployFunction() throws IOException {
    SynthesizedApp app = SynthesizedApp.get();
    stack = app.assembly().stack(SynthesizedApp.ADOPTION_STACK);
    // The two groups, told apart by the removal policy each synthesized with.
    List<Resource> groups = stack.resourcesOfType(GROUP_TYPE);
    assertThat(groups).hasSize(2);
    kept =
        groups.stream()
            .filter(g -> g.deletionPolicy().orElse("Delete").equals("Retain"))
            .findFirst()
            .orElseThrow();
    destroyed =
        groups.stream()
            .filter(g -> g.deletionPolicy().orElse("Delete").equals("Delete"))
            .findFirst()
            .orElseThrow();
    chime =
        ChimeSdkVoiceStandIn.start(
            stack.region().orElse("us-east-1"), stack.account().orElse("123456789012"));
    values = new TemplateValues(chime);
    chime.orderPhoneNumber(NUMBER);
    // The voice connectors of the groups made outside the stack are the account's too.
    chime.registerVoiceConnectors("vc-console", "vc-tf", "vc-x");
    function = CustomResourceFunction.start(stack, stack.lambdaFunctions().get(0), chime);
  }

  @AfterAll
  static void stopFunction() {
    if (function != null) {
      function.close();
    }
    if (chime != null) {
      chime.close();
    }
  }

  @BeforeEach
  void reset() throws IOException {
    chime.clearFaults();
    chime.setPropagationDelay(Duration.ZERO);
    chime.groups().forEach(leftover -> chime.deleteGroupOutOfBand(leftover.id()));
    chime.seedPhoneNumber(NUMBER, null);
    function.restartIfExited();
  }

  /** The resource's template properties, adopting the given group. */
  private static Map<String, Object> adopting(Resource resource, String groupId) {
    Map<String, Object> properties =
        new LinkedHashMap<>(values.resourceProperties(stack, resource, function.functionArn()));
    properties.put(ADOPT, groupId);
    return properties;
  }

  /** The stack is deleted: a Delete for each resource whose policy is not Retain. */
  private static Answer stackDelete(
      String sequence, Resource resource, String groupId, Map<String, Object> properties) {
    if (resource.deletionPolicy().orElse("Delete").equals("Retain")) {
      return null;
    }
    return function.delete(sequence, resource, groupId, properties, function.templateTimeout());
  }

  private static String seedConsoleGroup() {
    return chime.seedGroup("console-made", List.of(new Item("vc-console", 5)));
  }

  private static void assertStatus(Answer answer, String status) {
    assertThat(answer.status()).as(answer.step() + " " + answer.reason()).isEqualTo(status);
  }

  @Test
  @DisplayName("adopt with numbers, update in place, delete the stack: the group is kept")
  void adoptWithNumbersUpdateAndKeepTheGroupWhenTheStackGoes() {
    String sequence = "adopt, update, keep";
    String existing = seedConsoleGroup();
    Map<String, Object> properties = adopting(kept, existing);
    properties.put(VoiceConnectorGroupContract.PHONE_NUMBERS, List.of(NUMBER));

    Answer create = function.create(sequence, kept, properties, function.templateTimeout());

    assertStatus(create, "SUCCESS");
    assertThat(create.physicalResourceId()).isEqualTo(existing);
    assertThat(chime.groups())
        .as("no group is created")
        .extracting(Group::id)
        .containsExactly(existing);
    assertThat(chime.group(existing).orElseThrow().name()).isEqualTo("e2e-adopted");
    assertThat(chime.phoneNumbers(existing)).containsExactly(NUMBER);

    Map<String, Object> renamed = new LinkedHashMap<>(properties);
    renamed.put(VoiceConnectorGroupContract.NAME, "e2e-adopted-renamed");
    Answer update =
        function.update(sequence, kept, existing, renamed, properties, function.templateTimeout());

    assertStatus(update, "SUCCESS");
    assertThat(update.physicalResourceId()).isEqualTo(existing);
    assertThat(chime.group(existing).orElseThrow().name()).isEqualTo("e2e-adopted-renamed");

    assertThat(kept.deletionPolicy()).contains("Retain");
    assertThat(stackDelete(sequence, kept, existing, renamed)).isNull();
    assertThat(chime.group(existing)).as("a kept group stays with the stack gone").isPresent();
  }

  @Test
  @DisplayName("adopt without numbers; a DESTROY group goes with the stack")
  void adoptWithoutNumbersAndDestroyTheGroupWithTheStack() {
    String sequence = "adopt, destroy";
    String existing = seedConsoleGroup();
    chime.seedPhoneNumber(NUMBER, existing);
    Map<String, Object> properties = adopting(destroyed, existing);

    Answer create = function.create(sequence, destroyed, properties, function.templateTimeout());

    assertStatus(create, "SUCCESS");
    assertThat(chime.phoneNumbers(existing))
        .as("undeclared numbers are left alone")
        .containsExactly(NUMBER);
    Answer delete = stackDelete(sequence, destroyed, existing, properties);
    assertThat(delete).isNotNull();
    assertStatus(delete, "SUCCESS");
    assertThat(chime.groups()).isEmpty();
  }

  @Test
  @DisplayName("adopt a group made a moment ago, still invisible")
  void adoptAGroupThatIsNotVisibleYet() {
    String sequence = "adopt while invisible";
    chime.setGetLag(Duration.ofSeconds(4));
    String fresh;
    // Made through the API a moment before the deploy, as a user's script would.
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClient.builder()
            .region(Region.of(stack.region().orElse("us-east-1")))
            .endpointOverride(chime.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDE2E", "e2e")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      fresh =
          client
              .createVoiceConnectorGroup(
                  r ->
                      r.name("just-made")
                          .voiceConnectorItems(
                              VoiceConnectorItem.builder()
                                  .voiceConnectorId("vc-x")
                                  .priority(1)
                                  .build()))
              .voiceConnectorGroup()
              .voiceConnectorGroupId();
    }

    Answer create =
        function.create(sequence, kept, adopting(kept, fresh), function.templateTimeout());

    assertStatus(create, "SUCCESS");
    assertThat(create.physicalResourceId()).isEqualTo(fresh);
  }

  @Test
  @DisplayName("adopt a group that does not exist: FAILED naming the id, nothing touched")
  void adoptAMissingGroupFailsNamingIt() {
    String sequence = "adopt a missing group";
    String other = seedConsoleGroup();

    Answer create =
        function.create(
            sequence, kept, adopting(kept, "nosuchgroup0000000000"), function.templateTimeout());

    assertStatus(create, "FAILED");
    assertThat(create.reason()).contains("'nosuchgroup0000000000'", "no voice connector group");
    Answer delete =
        function.delete(
            sequence,
            kept,
            create.physicalResourceId(),
            adopting(kept, "nosuchgroup0000000000"),
            function.templateTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(chime.group(other).orElseThrow().name()).isEqualTo("console-made");
  }

  @Test
  @DisplayName("a failed adoption leaves the group as it was")
  void aFailedAdoptionSetsTheGroupBack() {
    String sequence = "failed adoption";
    String existing = seedConsoleGroup();
    chime.seedPhoneNumber(NUMBER, existing);
    Map<String, Object> properties = adopting(kept, existing);
    properties.put(VoiceConnectorGroupContract.PHONE_NUMBERS, List.of("+19995550199"));

    Answer create = function.create(sequence, kept, properties, function.templateTimeout());

    assertStatus(create, "FAILED");
    Group group = chime.group(existing).orElseThrow();
    assertThat(group.name()).isEqualTo("console-made");
    assertThat(group.items()).containsExactly(new Item("vc-console", 5));
    assertThat(chime.phoneNumbers(existing)).containsExactly(NUMBER);
    Answer delete =
        function.delete(
            sequence, kept, create.physicalResourceId(), properties, function.templateTimeout());
    assertStatus(delete, "SUCCESS");
    assertThat(chime.group(existing)).isPresent();
  }

  @Test
  @DisplayName("a new adopted id replaces the group; the old one goes by the removal policy")
  void aNewAdoptedIdIsAReplacement() {
    String sequence = "replace by a new id";
    String first = seedConsoleGroup();
    String second = chime.seedGroup("terraform-made", List.of(new Item("vc-tf", 1)));
    Map<String, Object> before = adopting(destroyed, first);
    assertStatus(
        function.create(sequence, destroyed, before, function.templateTimeout()), "SUCCESS");
    Map<String, Object> after = adopting(destroyed, second);

    Answer update =
        function.update(sequence, destroyed, first, after, before, function.templateTimeout());

    assertStatus(update, "SUCCESS");
    assertThat(update.physicalResourceId()).isEqualTo(second);
    // CloudFormation's clean-up of the replaced id (DESTROY).
    Answer cleanup =
        function.delete(sequence, destroyed, first, before, function.templateTimeout());
    assertStatus(cleanup, "SUCCESS");
    assertThat(chime.groups()).extracting(Group::id).containsExactly(second);
  }
}

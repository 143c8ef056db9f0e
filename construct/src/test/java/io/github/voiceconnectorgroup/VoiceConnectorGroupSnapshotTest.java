package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.voiceconnectorgroup.testsupport.TemplateSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/**
 * The whole template of a small stack against {@code
 * src/test/resources/snapshots/voice-connector-group-stack.json}; {@code -Dsnapshot.update=true}
 * rewrites it.
 */
class VoiceConnectorGroupSnapshotTest {

  private static final String SNAPSHOT = "voice-connector-group-stack";

  private static Map<String, Object> smallStackTemplate(String groupName) {
    Stack stack = TestStacks.stack();
    CfnVoiceConnector connector =
        CfnVoiceConnector.Builder.create(stack, "Connector")
            .name("primary")
            .requireEncryption(true)
            .awsRegion("us-east-1")
            .build();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name(groupName)
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.fromVoiceConnector(connector, 1),
                VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 2)))
        .build();
    VoiceConnectorGroup.Builder.create(stack, "RetainedGroup")
        .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(connector, 1)))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    return Template.fromStack(stack).toJSON();
  }

  @Test
  void templateMatchesSnapshot() {
    TemplateSnapshot.assertMatchesSnapshot(SNAPSHOT, smallStackTemplate("Contact center"));
  }

  @Test
  void changedTemplateFailsWithADiff(@TempDir Path directory) throws Exception {
    assumeFalse(Boolean.getBoolean(TemplateSnapshot.UPDATE_PROPERTY), "snapshots being rewritten");
    Path committed = TemplateSnapshot.forCurrentModule().snapshotFile(SNAPSHOT);
    Files.copy(committed, directory.resolve(committed.getFileName()));

    assertThatThrownBy(
            () ->
                TemplateSnapshot.in(directory)
                    .assertMatches(SNAPSHOT, smallStackTemplate("Renamed center")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("-        \"Name\" : \"Contact center\",")
        .hasMessageContaining("+        \"Name\" : \"Renamed center\",");
  }
}

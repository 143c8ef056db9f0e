package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSnapshotTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0123456789abcdef".repeat(4);

  @TempDir Path directory;

  private static Map<String, Object> template(String assetHash, String description) {
    Map<String, Object> code = new LinkedHashMap<>();
    code.put("S3Key", assetHash + ".zip");
    code.put(
        "S3Bucket", Map.of("Fn::Sub", "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("MemorySize", 1024);
    properties.put("Description", description);
    properties.put("Code", code);
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("Type", "AWS::Lambda::Function");
    function.put("Properties", properties);
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("Zeta", Map.of("Type", "AWS::SNS::Topic"));
    resources.put("Handler", function);
    return Map.of("Resources", resources, "Parameters", Map.of("AssetParameters" + assetHash, 1));
  }

  @Test
  void renderSortsKeysAndReplacesAssetHashes() {
    String rendered = TemplateSnapshot.render(template(HASH_A, "x"));

    assertThat(rendered)
        .doesNotContain(HASH_A)
        .contains("\"S3Key\" : \"<asset-hash>.zip\"")
        .contains("\"AssetParameters<asset-hash>\"")
        .contains("cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}")
        .endsWith("}\n");
    assertThat(rendered.indexOf("\"Handler\"")).isLessThan(rendered.indexOf("\"Zeta\""));
    assertThat(rendered.indexOf("\"Code\"")).isLessThan(rendered.indexOf("\"MemorySize\""));
  }

  @Test
  void shorterAndLongerHexRunsAreKept() {
    String md5 = "b".repeat(32);
    String longer = "c".repeat(65);

    Object normalized = TemplateSnapshot.normalize(List.of(md5, longer));

    assertThat(normalized).isEqualTo(List.of(md5, longer));
  }

  @Test
  void changedAssetHashStillMatches() {
    TemplateSnapshot.in(directory, true).assertMatches("stack", template(HASH_A, "x"));

    TemplateSnapshot.in(directory, false).assertMatches("stack", template(HASH_B, "x"));
  }

  @Test
  void changedTemplateFailsWithUnifiedDiff() {
    TemplateSnapshot.in(directory, true).assertMatches("stack", template(HASH_A, "before"));

    assertThatThrownBy(
            () ->
                TemplateSnapshot.in(directory, false)
                    .assertMatches("stack", template(HASH_A, "after")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("-Dsnapshot.update=true")
        .hasMessageContaining("--- snapshot/stack.json")
        .hasMessageContaining("+++ synthesized/stack.json")
        .hasMessageContaining("-        \"Description\" : \"before\",")
        .hasMessageContaining("+        \"Description\" : \"after\",");
  }

  @Test
  void updateRewritesTheSnapshot() throws Exception {
    TemplateSnapshot.in(directory, true).assertMatches("stack", template(HASH_A, "before"));
    TemplateSnapshot.in(directory, true).assertMatches("stack", template(HASH_A, "after"));

    assertThat(Files.readString(directory.resolve("stack.json")))
        .isEqualTo(TemplateSnapshot.render(template(HASH_A, "after")));
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(directory.resolve("stack.json"));
    }
  }

  @Test
  void missingSnapshotFailsWithoutWritingOne() {
    assertThatThrownBy(
            () ->
                TemplateSnapshot.in(directory, false)
                    .assertMatches("absent", template(HASH_A, "x")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("absent.json does not exist");
    assertThat(directory.resolve("absent.json")).doesNotExist();
  }

  @Test
  void snapshotNameMustBeAPlainFileName() {
    assertThatThrownBy(() -> TemplateSnapshot.in(directory, false).snapshotFile("../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../escape'");
  }
}

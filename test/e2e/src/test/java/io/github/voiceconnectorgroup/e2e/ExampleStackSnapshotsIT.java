package io.github.voiceconnectorgroup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import io.github.voiceconnectorgroup.testsupport.TemplateSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the template of every stack the example app synthesizes as a reviewed snapshot in {@code
 * src/test/resources/snapshots/<stack artifact id>.json}, asset hashes masked, so that any change
 * to what users deploy shows up as a diff. {@code -Dsnapshot.update=true} rewrites them.
 */
class ExampleStackSnapshotsIT {

  @Test
  void everySnapshotBelongsToAnExampleStack() throws IOException {
    Path directory = TemplateSnapshot.forCurrentModule().snapshotFile("any").getParent();
    List<String> snapshots;
    try (Stream<Path> files = Files.list(directory)) {
      snapshots =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".json"))
              .map(name -> name.substring(0, name.length() - ".json".length()))
              .toList();
    }
    assertThat(snapshots)
        .as("snapshots in " + directory + " (delete those of stacks the app no longer has)")
        .isSubsetOf(SynthesizedApp.get().exampleStacks());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleStackMatchesItsSnapshot() {
    SynthesizedApp app = SynthesizedApp.get();
    List<String> stacks = app.exampleStacks();
    // Without stacks there would be no test below, and nothing to fail.
    assertThat(stacks).as("stacks the example app synthesizes").isNotEmpty();
    TemplateSnapshot snapshots = TemplateSnapshot.forCurrentModule();
    return stacks.stream()
        .map(
            id ->
                DynamicTest.dynamicTest(
                    id,
                    () -> {
                      Stack stack = app.assembly().stack(id);
                      snapshots.assertMatches(id, stack.template());
                    }));
  }
}

package io.github.voiceconnectorgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * A one-group app synthesized by a JVM of its own, so that nothing staged by an earlier synth (in
 * this class, in CDK's asset cache or on disk) can make two synths look alike.
 */
final class SynthInFreshJvm {

  private SynthInFreshJvm() {}

  /**
   * Synthesizes into {@code args[0]} and prints the directory the handler ZIP was staged in.
   *
   * @param args the cloud assembly directory
   */
  public static void main(String[] args) {
    App app = App.Builder.create().outdir(args[0]).build();
    Stack stack = TestStacks.stackIn(app, TestStacks.REGION);
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(TestStacks.oneItem())
        .build();
    app.synth();
    System.out.println(HandlerAsset.stagedForThisJvm(true).zip().getParent());
  }

  /**
   * Runs {@link #main} in a new JVM with this JVM's class path.
   *
   * @return the staging directory the new JVM printed
   */
  static Path run(Path outdir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SynthInFreshJvm.class.getName());
    command.add(outdir.toString());
    Path log = Files.createTempFile(outdir.getParent(), "synth", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(
          "synth in a fresh JVM did not end in 3 minutes: " + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(log);
    if (process.exitValue() != 0 || lines.isEmpty()) {
      throw new AssertionError(
          "synth in a fresh JVM exited with "
              + process.exitValue()
              + ": "
              + String.join("\n", lines));
    }
    return Path.of(lines.get(lines.size() - 1).trim());
  }
}

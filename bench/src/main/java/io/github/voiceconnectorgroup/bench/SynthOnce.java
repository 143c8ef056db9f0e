package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * Synthesizes one benchmark stack, as {@code cdk synth} runs a Java app: hyperfine starts it in a
 * fresh JVM (with its jsii Node child) for every timed synth.
 */
public final class SynthOnce {

  private SynthOnce() {}

  /**
   * Synthesizes a stack and, when asked, appends the peak memory of this process tree to a file.
   *
   * @param args {@code <construct|baseline> <groups> <outdir> [<peak-memory-file>]}
   * @throws IOException when the memory file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      throw new IllegalArgumentException(
          "arguments: <construct|baseline> <groups> <outdir> [<peak-memory-file>]; got "
              + String.join(" ", args));
    }
    BenchStack variant = BenchStack.named(args[0]);
    int groups = Integer.parseInt(args[1]);
    if (groups < 1) {
      throw new IllegalArgumentException("groups " + groups + " is not allowed: at least 1");
    }
    App app = App.Builder.create().outdir(args[2]).build();
    Stack stack = variant.newStack(app);
    for (int i = 0; i < groups; i++) {
      variant.addGroup(stack, i);
    }
    app.synth();
    if (args.length == 4) {
      Files.writeString(
          Path.of(args[3]),
          peakResidentBytes() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /**
   * The peak resident memory of this JVM plus that of each child still running (the jsii Node
   * process), each process's own high-water mark ({@code VmHWM}) read from {@code /proc}.
   */
  private static long peakResidentBytes() throws IOException {
    long kib = 0;
    for (ProcessHandle process :
        Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
            .toList()) {
      Path status = Path.of("/proc", Long.toString(process.pid()), "status");
      try (Stream<String> lines = Files.lines(status)) {
        kib +=
            lines
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .sum();
      } catch (java.nio.file.NoSuchFileException exited) {
        // A child that ended before this read contributes nothing.
      }
    }
    return kib * 1024;
  }
}

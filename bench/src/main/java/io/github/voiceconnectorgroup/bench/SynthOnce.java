package io.github.voiceconnectorgroup.bench;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * Synthesizes one benchmark stack in this process and prints its phase timings; the harness runs it
 * in a fresh JVM (with its jsii Node child) for every measured synth.
 */
public final class SynthOnce {

  /** Prefix of the one stdout line the harness parses. */
  public static final String RESULT_PREFIX = "BENCH-SYNTH ";

  private SynthOnce() {}

  /**
   * Synthesizes a stack.
   *
   * @param args variant ({@code construct} or {@code baseline}), group count, output directory
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "arguments: <construct|baseline> <group count> <outdir>; got " + args.length);
    }
    BenchStack variant = BenchStack.named(args[0]);
    int groups = Integer.parseInt(args[1]);
    if (groups < 1) {
      throw new IllegalArgumentException("group count " + groups + " is not allowed: at least 1");
    }
    Path outdir = Path.of(args[2]);

    long start = System.nanoTime();
    App app = App.Builder.create().outdir(outdir.toString()).build();
    long appReady = System.nanoTime();
    Stack stack = variant.newStack(app);
    long stackReady = System.nanoTime();
    // The first group also creates the handler function and stages its asset.
    variant.addGroup(stack, 0);
    long firstGroupDone = System.nanoTime();
    for (int i = 1; i < groups; i++) {
      variant.addGroup(stack, i);
    }
    long groupsDone = System.nanoTime();
    app.synth();
    long synthDone = System.nanoTime();

    System.out.println(
        RESULT_PREFIX
            + "{\"appMs\":"
            + millis(start, appReady)
            + ",\"stackMs\":"
            + millis(appReady, stackReady)
            + ",\"firstGroupMs\":"
            + millis(stackReady, firstGroupDone)
            + ",\"otherGroupsMs\":"
            + millis(firstGroupDone, groupsDone)
            + ",\"synthMs\":"
            + millis(groupsDone, synthDone)
            + "}");
  }

  private static double millis(long from, long to) {
    return (to - from) / 1_000_000.0;
  }
}

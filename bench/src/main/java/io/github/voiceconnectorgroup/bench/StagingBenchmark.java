package io.github.voiceconnectorgroup.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * The first group of a synth, which also creates the handler function and stages its asset, timed
 * once per fresh JVM (JMH single-shot, one fork per sample). The cloud assembly directory is kept
 * from fork to fork, as when a user synthesizes again; JMH's warm-up fork fills it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(warmups = 1)
public class StagingBenchmark {

  /** System property naming the directory that holds each variant's cloud assembly. */
  public static final String OUTDIR_PROPERTY = "bench.staging.outdir";

  /** The variant, {@code construct} or {@code baseline}. */
  @Param({"construct", "baseline"})
  public String variant;

  private BenchStack stacks;
  private Stack stack;

  /** Creates the benchmark, as JMH does. */
  public StagingBenchmark() {}

  /** The app and empty stack, untimed: the JVM and the jsii Node process start here. */
  @Setup(Level.Trial)
  public void newStack() {
    stacks = BenchStack.named(variant);
    Path outdir = Path.of(System.getProperty(OUTDIR_PROPERTY), variant);
    stack = stacks.newStack(App.Builder.create().outdir(outdir.toString()).build());
  }

  /**
   * Adds the first group.
   *
   * @return the stack, so that the work cannot be elided
   */
  @Benchmark
  public Stack firstGroup() {
    stacks.addGroup(stack, 0);
    return stack;
  }
}

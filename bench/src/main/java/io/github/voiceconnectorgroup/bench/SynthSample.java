package io.github.voiceconnectorgroup.bench;

/**
 * One synth in a fresh process.
 *
 * @param variant {@code construct} or {@code baseline}
 * @param groups groups in the stack
 * @param run 1-based round; both variants' samples of one round were taken back to back
 * @param repeated true when the output directory already held the previous synth's assets
 * @param wallMs process start to exit
 * @param cpuMs user + system CPU time of the JVM and its jsii Node child
 * @param peakRssBytes peak of the summed resident memory of the process tree
 * @param firstGroupMs creating the first group, which also creates the handler function and stages
 *     its asset
 * @param otherGroupsMs creating the remaining groups
 * @param synthMs {@code app.synth()}
 */
public record SynthSample(
    String variant,
    int groups,
    int run,
    boolean repeated,
    double wallMs,
    double cpuMs,
    long peakRssBytes,
    double firstGroupMs,
    double otherGroupsMs,
    double synthMs) {}

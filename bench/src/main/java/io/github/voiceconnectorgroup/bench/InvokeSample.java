package io.github.voiceconnectorgroup.bench;

/**
 * One Create invocation of a handler.
 *
 * @param variant {@code construct} or {@code baseline}
 * @param cold true for the first invocation of a fresh process
 * @param wallMs cold: process start to the response PUT received at the ResponseURL; warm: event
 *     queued to the response PUT received
 * @param initMs cold only: process start to the runtime's first poll for an event (0 when warm)
 * @param cpuMs CPU time (user + system) of the function process over the same span
 */
public record InvokeSample(
    String variant, boolean cold, double wallMs, double initMs, double cpuMs) {}

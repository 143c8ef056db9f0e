/**
 * What the {@code VoiceConnectorGroup} construct and its Lambda handler agree on: the custom
 * resource's type, property and attribute names, the handler's entry point, and the rules a group's
 * properties follow. The construct checks the rules at synth time, the handler again before any API
 * call, so the two cannot drift apart.
 */
package io.github.voiceconnectorgroup.contract;

/**
 * Benchmarks of the {@code VoiceConnectorGroup} construct against the same stack written with
 * aws-cdk-lib's {@code AwsCustomResource}: synth cost, template size, handler cold and warm invoke,
 * artifact size and API calls per lifecycle event. Run with {@code bench/run}.
 */
package io.github.voiceconnectorgroup.bench;

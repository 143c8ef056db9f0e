/**
 * An AWS CDK construct for Amazon Chime SDK Voice connector groups.
 *
 * <p>{@link io.github.voiceconnectorgroup.VoiceConnectorGroup} creates a group through a custom
 * resource ({@code Custom::VoiceConnectorGroup}) served by one Lambda function per stack, whose
 * code ships inside this library's jar. Existing groups are imported with the static {@code
 * fromVoiceConnectorGroup...} methods.
 */
package io.github.voiceconnectorgroup;

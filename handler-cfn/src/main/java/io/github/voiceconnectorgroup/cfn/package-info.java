/**
 * The CloudFormation custom resource protocol for a Java Lambda handler, knowing nothing of the
 * resource: {@link io.github.voiceconnectorgroup.cfn.CustomResourceRunner} parses the event,
 * dispatches it to a {@link io.github.voiceconnectorgroup.cfn.ResourceLifecycle}, answers exactly
 * once before the deadline and PUTs the answer with retries; a failed Create answers with a {@link
 * io.github.voiceconnectorgroup.cfn.FailedCreate} marker.
 */
package io.github.voiceconnectorgroup.cfn;

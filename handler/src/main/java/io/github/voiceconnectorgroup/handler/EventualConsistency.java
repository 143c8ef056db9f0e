package io.github.voiceconnectorgroup.handler;

import java.time.Duration;

/**
 * How long the handler waits out the service's and IAM's eventual consistency.
 *
 * @param iamPropagation AccessDenied is retried this long: a role and policy created in the same
 *     deployment can be refused for some seconds
 * @param newGroupVisibility NotFound for a group is believed only after this long: a new group can
 *     be invisible to reads and lists for a while after its creation
 * @param pollInterval the pause between two looks
 * @param lateAction how long the service may still act on a create whose answer never came, after
 *     this function gave up on it: an allowance, since no service documents it (the client's own
 *     read timeout is as long)
 */
record EventualConsistency(
    Duration iamPropagation,
    Duration newGroupVisibility,
    Duration pollInterval,
    Duration lateAction) {

  /**
   * IAM usually propagates within seconds; new Chime resources have been seen invisible for up to a
   * minute (reads of new resources are retried that long, every 5 s, by Terraform's provider).
   */
  static final EventualConsistency OF_THE_SERVICE =
      new EventualConsistency(
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30));
}

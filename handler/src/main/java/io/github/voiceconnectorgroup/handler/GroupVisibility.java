package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;

/**
 * The one place that decides what the service's silence means. A new group can be invisible to
 * reads and lists for {@link EventualConsistency#newGroupVisibility()} after it is made, so:
 *
 * <ul>
 *   <li>a group is believed gone only once it has stayed invisible that long ({@link #find});
 *   <li>a NotFound from a call on a group is believed only if the group is then not found either
 *       ({@link #onGroup});
 *   <li>what a create in doubt made is judged only once everything made in its window would be
 *       visible, and a group is taken as ours only when it is the one candidate ({@link
 *       #madeBetween}): name and items are not unique, another stack may make the same group in the
 *       same seconds.
 * </ul>
 *
 * Every path that creates goes through {@link #create}.
 */
final class GroupVisibility {

  /** A create is sent again only with this much time for it, besides the time to judge it. */
  static final Duration TIME_FOR_A_CREATE = Duration.ofSeconds(10);

  /**
   * How long the service may still act on a create whose answer never came, after this function
   * gave up on it: an allowance, since no service documents it (the client's own read timeout is as
   * long).
   */
  static final Duration LATE_ACTION = Duration.ofSeconds(30);

  /** Allowance between the service's clock and this function's. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private static final String QUOTA_HINT =
      "this account's voice connector group quota ("
          + VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA
          + " by default) is reached: delete a group it no longer needs (aws chime-sdk-voice"
          + " list-voice-connector-groups) or request a higher quota through Service Quotas or AWS"
          + " Support";

  /** A group that stayed invisible for the visibility window: believed gone. */
  static final class GroupGone extends CustomResourceFailure {
    private static final long serialVersionUID = 1L;

    GroupGone(String groupId, Throwable cause) {
      super("voice connector group " + groupId + " does not exist", cause);
    }
  }

  /**
   * The groups that a create in doubt may have made.
   *
   * @param groups those with the declared name and items made in the window, oldest first
   */
  record Candidates(List<VoiceConnectorGroup> groups) {
    String ids() {
      return String.join(
          ", ", groups.stream().map(VoiceConnectorGroup::voiceConnectorGroupId).toList());
    }
  }

  private final GroupGateway gateway;
  private final Waiting waiting;
  private final EventualConsistency consistency;
  private final Consumer<String> log;

  GroupVisibility(
      GroupGateway gateway,
      Waiting waiting,
      EventualConsistency consistency,
      Consumer<String> log) {
    this.gateway = gateway;
    this.waiting = waiting;
    this.consistency = consistency;
    this.log = log;
  }

  /** The group, or empty once it has stayed invisible for the visibility window. */
  Optional<VoiceConnectorGroup> find(String groupId) {
    try {
      return Optional.of(
          waiting.retry(
              consistency.newGroupVisibility(),
              consistency.pollInterval(),
              () -> gateway.get(groupId),
              GroupVisibility::isNotFound,
              e ->
                  log.accept(
                      "voice connector group "
                          + groupId
                          + " not found; a new group can take "
                          + consistency.newGroupVisibility().toSeconds()
                          + " s to become visible, so looking again in "
                          + consistency.pollInterval().toSeconds()
                          + " s")));
    } catch (ServiceCallException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Runs a call on a group. A NotFound may be the group not visible yet, the group gone, or
   * something the request names (a voice connector): the group is looked for, and the call is tried
   * once more if it is there.
   *
   * @throws GroupGone when the group stayed invisible
   */
  <T> T onGroup(String groupId, Supplier<T> call) {
    try {
      return call.get();
    } catch (ServiceCallException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      if (find(groupId).isEmpty()) {
        throw new GroupGone(groupId, e);
      }
      return call.get();
    }
  }

  /**
   * Creates a group. CreateVoiceConnectorGroup has no idempotency token: after an answer that
   * leaves it in doubt (5xx, 409, no answer) it waits until a group the request made would be
   * visible and takes the one candidate; another create is sent only after the service answered and
   * nothing was made, and only while there is time to judge it too.
   *
   * @throws CustomResourceFailure.CreateInDoubt when it cannot tell what was made
   */
  VoiceConnectorGroup create(String name, List<VoiceConnectorGroupSpec.Item> items) {
    // Time a create keeps after it, to judge what it made if its answer is lost.
    Duration judging = consistency.newGroupVisibility().plus(consistency.pollInterval());
    Instant from = null;
    while (true) {
      Instant sentAt = waiting.now();
      from = from == null ? sentAt : from;
      ServiceCallException error;
      try {
        // Keep time to judge a lost answer; with less left than that, half of it.
        Duration keep = min(judging, waiting.left().dividedBy(2));
        VoiceConnectorGroup group = gateway.create(name, items, keep);
        log.accept("created voice connector group " + group.voiceConnectorGroupId());
        return group;
      } catch (ServiceCallException e) {
        error = e;
      }
      // The window ends with the answer; without one, once the service can no longer act on it.
      Instant until =
          error.isServiceAnswer() ? waiting.now() : waiting.now().plus(consistency.lateAction());
      if ("ResourceLimitExceededException".equals(error.errorCode())) {
        throw new CustomResourceFailure(error.getMessage() + "; " + QUOTA_HINT, error);
      }
      if (!error.mayHaveTakenEffect()) {
        throw error; // refused: nothing was made
      }
      Candidates made = judge(name, items, from, until, error);
      if (made.groups().size() == 1) {
        VoiceConnectorGroup group = made.groups().get(0);
        log.accept(
            "CreateVoiceConnectorGroup failed ("
                + error.getMessage()
                + ") but made group "
                + group.voiceConnectorGroupId()
                + ", the one candidate; using it");
        return group;
      }
      if (made.groups().size() > 1) {
        throw new CustomResourceFailure(
            error.getMessage()
                + "; "
                + made.groups().size()
                + " groups named '"
                + name
                + "' with these items were made between "
                + from
                + " and "
                + until
                + " ("
                + made.ids()
                + "): one may be another stack's, so none is taken. Delete the one this stack made"
                + " (aws chime-sdk-voice delete-voice-connector-group) if it is not in use",
            error);
      }
      if (!error.isServiceAnswer()) {
        // No answer at all: the service may still act on the request; the Delete looks again.
        throw inDoubt(
            error.getMessage()
                + "; no group it made was visible by "
                + until.plus(consistency.newGroupVisibility()),
            name,
            from,
            until,
            error);
      }
      if (!waiting.hasTimeFor(judging.plus(TIME_FOR_A_CREATE))) {
        throw new CustomResourceFailure(
            error.getMessage() + "; it made no group, and no time is left to try again", error);
      }
      log.accept("no group appeared after " + error.getMessage() + "; creating again");
    }
  }

  /**
   * Waits until a group made between the instants would be visible, then lists the candidates.
   *
   * @throws CustomResourceFailure.OutOfTime when the invocation ends first
   */
  Candidates madeBetween(
      String name, List<VoiceConnectorGroupSpec.Item> items, Instant from, Instant until) {
    Instant visibleBy = until.plus(consistency.newGroupVisibility());
    if (waiting.now().isBefore(visibleBy)) {
      log.accept(
          "waiting "
              + seconds(Duration.between(waiting.now(), visibleBy))
              + " s until a group made by "
              + until
              + " would be visible");
      waiting.pauseUntil(visibleBy);
    }
    HashSet<VoiceConnectorGroupSpec.Item> wanted = new HashSet<>(items);
    Instant earliest = from.minus(CLOCK_SKEW);
    Instant latest = until.plus(CLOCK_SKEW);
    return new Candidates(
        gateway.groups().stream()
            .filter(group -> name.equals(group.name()))
            .filter(group -> wanted.equals(new HashSet<>(GroupGateway.itemsOf(group))))
            .filter(group -> group.createdTimestamp() != null)
            .filter(group -> !group.createdTimestamp().isBefore(earliest))
            .filter(group -> !group.createdTimestamp().isAfter(latest))
            .sorted(Comparator.comparing(VoiceConnectorGroup::createdTimestamp))
            .toList());
  }

  private Candidates judge(
      String name,
      List<VoiceConnectorGroupSpec.Item> items,
      Instant from,
      Instant until,
      ServiceCallException error) {
    try {
      return madeBetween(name, items, from, until);
    } catch (RuntimeException lookUpError) {
      throw inDoubt(
          error.getMessage()
              + "; looking for the group it may have made failed: "
              + CustomResourceFailure.reasonOf(lookUpError),
          name,
          from,
          until,
          error);
    }
  }

  private static CustomResourceFailure.CreateInDoubt inDoubt(
      String reason, String name, Instant from, Instant until, Throwable cause) {
    return new CustomResourceFailure.CreateInDoubt(
        reason
            + "; a group named '"
            + name
            + "' made between "
            + from
            + " and "
            + until
            + " may exist: the Delete that follows removes it",
        from,
        until,
        cause);
  }

  private static boolean isNotFound(RuntimeException e) {
    return e instanceof ServiceCallException call && call.isNotFound();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static long seconds(Duration duration) {
    return Math.max(0, (duration.toMillis() + 999) / 1000);
  }
}

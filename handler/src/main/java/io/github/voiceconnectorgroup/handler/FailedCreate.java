package io.github.voiceconnectorgroup.handler;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Create leaves for the events that follow, as the physical id it answers with:
 * CloudFormation sends it back in the Delete (or Update) that follows. Never a group id.
 *
 * <p>A definite failure made nothing. A failure in doubt may have made a resource after all, some
 * time between {@code from} and {@code until} (the invocation's start and deadline); the next event
 * looks for it.
 *
 * @param requestId the failed Create's request id (shortened to fit)
 * @param from start of the window a resource may have been made in, or {@code null} if definite
 * @param until end of that window, or {@code null} if definite
 */
record FailedCreate(String requestId, Instant from, Instant until) {

  static final String PREFIX = "VoiceConnectorGroup-CreateFailed-";
  static final String IN_DOUBT_PREFIX = PREFIX + "InDoubt-";
  private static final int MAX_REQUEST_ID = 200;
  private static final Pattern IN_DOUBT_ID =
      Pattern.compile(Pattern.quote(IN_DOUBT_PREFIX) + "(\\d+)-(\\d+)-(.*)", Pattern.DOTALL);

  FailedCreate {
    requestId = requestId == null ? "unknown" : requestId;
    if (requestId.length() > MAX_REQUEST_ID) {
      requestId = requestId.substring(0, MAX_REQUEST_ID);
    }
    if ((from == null) != (until == null)) {
      throw new IllegalArgumentException("a window needs both ends");
    }
  }

  /** A Create that certainly made nothing. */
  static FailedCreate definite(String requestId) {
    return new FailedCreate(requestId, null, null);
  }

  /** A Create whose request may have made a resource between the two instants. */
  static FailedCreate inDoubt(String requestId, Instant from, Instant until) {
    return new FailedCreate(requestId, from, until);
  }

  boolean isInDoubt() {
    return from != null;
  }

  /** The physical id that carries this value. */
  String physicalResourceId() {
    return isInDoubt()
        ? IN_DOUBT_PREFIX + from.toEpochMilli() + "-" + until.toEpochMilli() + "-" + requestId
        : PREFIX + requestId;
  }

  /** The failed Create a physical id stands for, or empty when it is a real resource's id. */
  static Optional<FailedCreate> parse(String physicalResourceId) {
    if (physicalResourceId == null || !physicalResourceId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Matcher inDoubt = IN_DOUBT_ID.matcher(physicalResourceId);
    if (inDoubt.matches()) {
      try {
        return Optional.of(
            inDoubt(
                inDoubt.group(3),
                Instant.ofEpochMilli(Long.parseLong(inDoubt.group(1))),
                Instant.ofEpochMilli(Long.parseLong(inDoubt.group(2)))));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        // Damaged window: nothing can be looked for; treat as definite.
      }
    }
    return Optional.of(definite(physicalResourceId.substring(PREFIX.length())));
  }
}

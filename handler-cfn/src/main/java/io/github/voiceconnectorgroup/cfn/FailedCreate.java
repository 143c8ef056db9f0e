package io.github.voiceconnectorgroup.cfn;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Create leaves for the events that follow, as the physical id it answers with:
 * CloudFormation sends it back in the Delete (or Update) that follows. The resource supplies the
 * prefix that tells such an id from a real resource's.
 *
 * <p>A definite failure made nothing. A failure in doubt may have made a resource after all, some
 * time between {@code from} (just before the first create request was sent) and {@code until} (when
 * the last one was answered or given up); the next event looks for it.
 *
 * @param requestId the failed Create's request id (shortened to fit)
 * @param from start of the window a resource may have been made in, or {@code null} if definite
 * @param until end of that window, or {@code null} if definite
 */
public record FailedCreate(String requestId, Instant from, Instant until) {

  private static final String IN_DOUBT = "InDoubt-";
  private static final int MAX_REQUEST_ID = 200;
  private static final Pattern WINDOW =
      Pattern.compile(Pattern.quote(IN_DOUBT) + "(\\d+)-(\\d+)-(.*)", Pattern.DOTALL);

  /**
   * Checks the window and shortens the request id so the physical id stays under 1 KB.
   *
   * @param requestId the failed Create's request id
   * @param from start of the window, or {@code null}
   * @param until end of the window, or {@code null}
   */
  public FailedCreate {
    requestId = requestId == null ? "unknown" : requestId;
    if (requestId.length() > MAX_REQUEST_ID) {
      requestId = requestId.substring(0, MAX_REQUEST_ID);
    }
    if ((from == null) != (until == null)) {
      throw new IllegalArgumentException("a window needs both ends");
    }
  }

  /**
   * A Create that certainly made nothing.
   *
   * @param requestId the Create's request id
   * @return the failure
   */
  public static FailedCreate definite(String requestId) {
    return new FailedCreate(requestId, null, null);
  }

  /**
   * A Create whose requests may have made a resource between the two instants.
   *
   * @param requestId the Create's request id
   * @param from just before the first create request was sent
   * @param until when the last create request was answered or given up
   * @return the failure
   */
  public static FailedCreate inDoubt(String requestId, Instant from, Instant until) {
    return new FailedCreate(requestId, from, until);
  }

  /**
   * Whether a resource may have been made.
   *
   * @return true when the failure is in doubt
   */
  public boolean isInDoubt() {
    return from != null;
  }

  /**
   * The physical id that carries this value.
   *
   * @param prefix the resource's marker prefix
   * @return the id to answer with
   */
  public String physicalResourceId(String prefix) {
    return isInDoubt()
        ? prefix + IN_DOUBT + from.toEpochMilli() + "-" + until.toEpochMilli() + "-" + requestId
        : prefix + requestId;
  }

  /**
   * The failed Create a physical id stands for.
   *
   * @param prefix the resource's marker prefix
   * @param physicalResourceId an id CloudFormation sent
   * @return the failure, or empty when the id is a real resource's
   */
  public static Optional<FailedCreate> parse(String prefix, String physicalResourceId) {
    if (physicalResourceId == null || !physicalResourceId.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = physicalResourceId.substring(prefix.length());
    Matcher window = WINDOW.matcher(rest);
    if (window.matches()) {
      try {
        return Optional.of(
            inDoubt(
                window.group(3),
                Instant.ofEpochMilli(Long.parseLong(window.group(1))),
                Instant.ofEpochMilli(Long.parseLong(window.group(2)))));
      } catch (NumberFormatException | DateTimeException e) {
        // Damaged window: nothing can be looked for; treat as definite.
      }
    }
    return Optional.of(definite(rest));
  }
}

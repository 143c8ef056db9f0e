package io.github.voiceconnectorgroup.bench;

import java.util.Map;

/**
 * What one lifecycle event did against the Chime SDK Voice stand-in.
 *
 * @param variant {@code construct} or {@code baseline}
 * @param requestType Create, Update or Delete
 * @param callsByOperation API calls the stand-in received, by operation name
 * @param status the Status of the response PUT (SUCCESS or FAILED)
 * @param reason the response's Reason, or empty
 */
public record LifecycleCalls(
    String variant,
    String requestType,
    Map<String, Long> callsByOperation,
    String status,
    String reason) {

  /**
   * All calls of the event.
   *
   * @return the sum over operations
   */
  public long totalCalls() {
    return callsByOperation.values().stream().mapToLong(Long::longValue).sum();
  }
}

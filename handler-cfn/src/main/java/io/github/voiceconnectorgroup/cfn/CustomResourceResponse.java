package io.github.voiceconnectorgroup.cfn;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body PUT to the ResponseURL. CloudFormation refuses bodies over {@link #MAX_BODY_BYTES},
 * so an over-long Reason is truncated; ids and Data never are.
 *
 * @param status {@code SUCCESS} or {@code FAILED}
 * @param reason why it failed, or {@code null} on success
 * @param physicalResourceId the physical id to report
 * @param data attributes for Fn::GetAtt
 */
record CustomResourceResponse(
    String status, String reason, String physicalResourceId, Map<String, String> data) {

  static final String SUCCESS = "SUCCESS";
  static final String FAILED = "FAILED";
  static final int MAX_BODY_BYTES = 4096;
  static final String TRUNCATION_MARK = " [truncated]";

  static CustomResourceResponse success(String physicalResourceId, Map<String, String> data) {
    return new CustomResourceResponse(SUCCESS, null, physicalResourceId, data);
  }

  static CustomResourceResponse failed(String reason, String physicalResourceId) {
    return new CustomResourceResponse(FAILED, reason, physicalResourceId, Map.of());
  }

  /** The body for this event, at most {@link #MAX_BODY_BYTES} bytes. */
  byte[] body(CustomResourceEvent event) {
    byte[] full = serialize(event, reason);
    if (full.length <= MAX_BODY_BYTES || reason == null) {
      return full;
    }
    // Longest prefix of the reason that fits; JSON escaping makes byte counts non-linear.
    int low = 0;
    int high = reason.length();
    byte[] best = serialize(event, TRUNCATION_MARK.strip());
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cut = mid > 0 && Character.isHighSurrogate(reason.charAt(mid - 1)) ? mid - 1 : mid;
      byte[] candidate = serialize(event, reason.substring(0, cut) + TRUNCATION_MARK);
      if (candidate.length <= MAX_BODY_BYTES) {
        best = candidate;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return best;
  }

  private byte[] serialize(CustomResourceEvent event, String reasonText) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("Status", status);
    if (reasonText != null) {
      json.put("Reason", reasonText);
    }
    json.put("PhysicalResourceId", physicalResourceId);
    json.put("StackId", event.stackId());
    json.put("RequestId", event.requestId());
    json.put("LogicalResourceId", event.logicalResourceId());
    if (!data.isEmpty()) {
      json.put("Data", new LinkedHashMap<>(data));
    }
    try {
      return JSON.std.asBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

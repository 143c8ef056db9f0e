package io.github.voiceconnectorgroup.cfn;

import java.util.Map;

/**
 * The fields of a CloudFormation custom resource request that the handler reads.
 *
 * @param requestType Create, Update or Delete (anything else is answered FAILED)
 * @param responseUrl the pre-signed URL to PUT the response to
 * @param stackId the stack's ARN
 * @param requestId the request's id
 * @param logicalResourceId the resource's logical id
 * @param physicalResourceId the physical id on Update and Delete, else {@code null}
 * @param resourceProperties the (new) properties
 * @param oldResourceProperties the previous properties on Update, else an empty map
 */
public record CustomResourceEvent(
    String requestType,
    String responseUrl,
    String stackId,
    String requestId,
    String logicalResourceId,
    String physicalResourceId,
    Map<String, Object> resourceProperties,
    Map<String, Object> oldResourceProperties) {

  /**
   * Reads the event's fields from its JSON object; missing strings stay {@code null}.
   *
   * @param json the event
   * @return its fields
   */
  public static CustomResourceEvent from(Map<String, Object> json) {
    return new CustomResourceEvent(
        string(json, "RequestType"),
        string(json, "ResponseURL"),
        string(json, "StackId"),
        string(json, "RequestId"),
        string(json, "LogicalResourceId"),
        string(json, "PhysicalResourceId"),
        object(json, "ResourceProperties"),
        object(json, "OldResourceProperties"));
  }

  /**
   * The response URL without its query string (which grants write access), for logs.
   *
   * @return the redacted URL
   */
  public String redactedResponseUrl() {
    return Redaction.redactUrl(responseUrl);
  }

  private static String string(Map<String, Object> json, String key) {
    Object value = json.get(key);
    return value instanceof String text ? text : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> json, String key) {
    Object value = json.get(key);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}

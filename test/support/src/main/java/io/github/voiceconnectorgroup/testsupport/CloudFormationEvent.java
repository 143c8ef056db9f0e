package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudFormation custom resource request event, shaped as CloudFormation sends it to the function
 * named by the resource's {@code ServiceToken}: {@code RequestType}, {@code ServiceToken}, {@code
 * ResponseURL}, {@code StackId}, {@code RequestId}, {@code ResourceType}, {@code
 * LogicalResourceId}, {@code PhysicalResourceId} (Update and Delete), {@code ResourceProperties}
 * and {@code OldResourceProperties} (Update).
 *
 * <p>As CloudFormation does, it puts {@code ServiceToken} into {@code ResourceProperties} too (and
 * into {@code OldResourceProperties} when they have none). Property values are passed as given;
 * CloudFormation itself delivers every scalar as a string.
 *
 * <p>Immutable: each {@code with...} method returns a changed copy. Every event gets a fresh random
 * {@code RequestId}; a duplicate delivery is the same event sent twice. {@code ResponseURL} has no
 * default and must be set before {@link #toMap()} or {@link #toJson()}.
 *
 * <pre>{@code
 * String json = CloudFormationEvent.create(properties)
 *     .withResponseUrl(recorder.url())
 *     .withResourceType("Custom::Thing")
 *     .toJson();
 * }</pre>
 */
public final class CloudFormationEvent {

  /** {@code ServiceToken} when the properties carry none and none is set. */
  public static final String DEFAULT_SERVICE_TOKEN =
      "arn:aws:lambda:us-east-1:111122223333:function:CustomResourceProvider";

  /** {@code StackId} unless set: one stack, so that every event of a test names the same one. */
  public static final String DEFAULT_STACK_ID =
      "arn:aws:cloudformation:us-east-1:111122223333:stack/TestStack/"
          + "5b3c3f60-0000-4000-8000-000000000001";

  /** {@code ResourceType} unless set: the type of a plain custom resource. */
  public static final String DEFAULT_RESOURCE_TYPE = "AWS::CloudFormation::CustomResource";

  /** {@code LogicalResourceId} unless set. */
  public static final String DEFAULT_LOGICAL_RESOURCE_ID = "Resource";

  private static final String SERVICE_TOKEN = "ServiceToken";
  private static final String RESPONSE_URL = "ResponseURL";

  /** The top-level string members, in CloudFormation's order; ResponseURL null until set. */
  private final Map<String, String> members;

  private final Map<String, Object> resourceProperties;
  private final Map<String, Object> oldResourceProperties;

  private CloudFormationEvent(
      Map<String, String> members,
      Map<String, Object> resourceProperties,
      Map<String, Object> oldResourceProperties) {
    this.members = members;
    this.resourceProperties = resourceProperties;
    this.oldResourceProperties = oldResourceProperties;
  }

  private static CloudFormationEvent of(
      String requestType,
      String physicalResourceId,
      Map<String, ?> resourceProperties,
      Map<String, ?> oldResourceProperties) {
    Map<String, Object> properties =
        copyOf(Objects.requireNonNull(resourceProperties, "resourceProperties"));
    Map<String, String> members = new LinkedHashMap<>();
    members.put("RequestType", requestType);
    members.put(
        SERVICE_TOKEN,
        properties.get(SERVICE_TOKEN) instanceof String token ? token : DEFAULT_SERVICE_TOKEN);
    members.put(RESPONSE_URL, null);
    members.put("StackId", DEFAULT_STACK_ID);
    members.put("RequestId", UUID.randomUUID().toString());
    members.put("LogicalResourceId", DEFAULT_LOGICAL_RESOURCE_ID);
    if (physicalResourceId != null) {
      members.put("PhysicalResourceId", physicalResourceId);
    }
    members.put("ResourceType", DEFAULT_RESOURCE_TYPE);
    return new CloudFormationEvent(
        members, properties, oldResourceProperties == null ? null : copyOf(oldResourceProperties));
  }

  private CloudFormationEvent with(String member, String value) {
    Map<String, String> changed = new LinkedHashMap<>(members);
    changed.put(member, Objects.requireNonNull(value, member));
    return new CloudFormationEvent(changed, resourceProperties, oldResourceProperties);
  }

  /**
   * A Create event.
   *
   * @param resourceProperties the resource's properties; a {@code ServiceToken} among them becomes
   *     the event's
   * @return the event
   */
  public static CloudFormationEvent create(Map<String, ?> resourceProperties) {
    return of("Create", null, resourceProperties, null);
  }

  /**
   * An Update event.
   *
   * @param physicalResourceId the id the resource's last answer gave
   * @param resourceProperties the new properties
   * @param oldResourceProperties the properties before the update
   * @return the event
   */
  public static CloudFormationEvent update(
      String physicalResourceId,
      Map<String, ?> resourceProperties,
      Map<String, ?> oldResourceProperties) {
    return of(
        "Update",
        Objects.requireNonNull(physicalResourceId, "physicalResourceId"),
        resourceProperties,
        Objects.requireNonNull(oldResourceProperties, "oldResourceProperties"));
  }

  /**
   * A Delete event.
   *
   * @param physicalResourceId the id the resource's last answer gave
   * @param resourceProperties the properties last deployed
   * @return the event
   */
  public static CloudFormationEvent delete(
      String physicalResourceId, Map<String, ?> resourceProperties) {
    return of(
        "Delete",
        Objects.requireNonNull(physicalResourceId, "physicalResourceId"),
        resourceProperties,
        null);
  }

  /**
   * The same event with another {@code ServiceToken}, at the top level and in {@code
   * ResourceProperties}.
   *
   * @param value the function's ARN
   * @return the changed copy
   */
  public CloudFormationEvent withServiceToken(String value) {
    return with(SERVICE_TOKEN, value);
  }

  /**
   * The same event with a {@code ResponseURL}.
   *
   * @param value the pre-signed URL to PUT the answer to
   * @return the changed copy
   */
  public CloudFormationEvent withResponseUrl(String value) {
    return with(RESPONSE_URL, value);
  }

  /**
   * The same event with another {@code StackId}.
   *
   * @param value the stack's ARN
   * @return the changed copy
   */
  public CloudFormationEvent withStackId(String value) {
    return with("StackId", value);
  }

  /**
   * The same event with another {@code RequestId}.
   *
   * @param value the request id
   * @return the changed copy
   */
  public CloudFormationEvent withRequestId(String value) {
    return with("RequestId", value);
  }

  /**
   * The same event with another {@code ResourceType}.
   *
   * @param value for example {@code Custom::Thing}
   * @return the changed copy
   */
  public CloudFormationEvent withResourceType(String value) {
    return with("ResourceType", value);
  }

  /**
   * The same event with another {@code LogicalResourceId}.
   *
   * @param value the resource's logical id in the template
   * @return the changed copy
   */
  public CloudFormationEvent withLogicalResourceId(String value) {
    return with("LogicalResourceId", value);
  }

  /**
   * The request type.
   *
   * @return {@code Create}, {@code Update} or {@code Delete}
   */
  public String requestType() {
    return members.get("RequestType");
  }

  /**
   * The request id, which the answer must echo.
   *
   * @return the request id
   */
  public String requestId() {
    return members.get("RequestId");
  }

  /**
   * The stack id, which the answer must echo.
   *
   * @return the stack's ARN
   */
  public String stackId() {
    return members.get("StackId");
  }

  /**
   * The logical resource id, which the answer must echo.
   *
   * @return the logical id
   */
  public String logicalResourceId() {
    return members.get("LogicalResourceId");
  }

  /**
   * The physical resource id of an Update or Delete.
   *
   * @return the id, or {@code null} for a Create
   */
  public String physicalResourceId() {
    return members.get("PhysicalResourceId");
  }

  /**
   * The event as a fresh, mutable JSON object (nested maps and lists are fresh copies too), members
   * in CloudFormation's order; a test may change it to send what CloudFormation never would.
   *
   * @return the event
   * @throws IllegalStateException if no {@code ResponseURL} was set
   */
  public Map<String, Object> toMap() {
    if (members.get(RESPONSE_URL) == null) {
      throw new IllegalStateException(
          requestType() + " event has no ResponseURL; set one with withResponseUrl(url)");
    }
    Map<String, Object> event = new LinkedHashMap<>(members);
    event.put("ResourceProperties", withServiceToken(resourceProperties, true));
    if (oldResourceProperties != null) {
      event.put("OldResourceProperties", withServiceToken(oldResourceProperties, false));
    }
    return event;
  }

  /**
   * The event as CloudFormation's JSON.
   *
   * @return the JSON text
   * @throws IllegalStateException if no {@code ResponseURL} was set
   */
  public String toJson() {
    try {
      return JSON.std.asString(toMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + requestType() + " event as JSON", e);
    }
  }

  @Override
  public String toString() {
    return requestType() + " event " + requestId() + " for " + logicalResourceId();
  }

  /** Properties with ServiceToken first; {@code replace} false keeps one already there. */
  private Map<String, Object> withServiceToken(Map<String, Object> properties, boolean replace) {
    Map<String, Object> copy = new LinkedHashMap<>();
    Object existing = properties.get(SERVICE_TOKEN);
    copy.put(SERVICE_TOKEN, !replace && existing != null ? existing : members.get(SERVICE_TOKEN));
    properties.forEach(
        (name, value) -> {
          if (!name.equals(SERVICE_TOKEN)) {
            copy.put(name, JsonValues.deepCopy(value));
          }
        });
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copyOf(Map<String, ?> value) {
    return (Map<String, Object>) JsonValues.deepCopy(value);
  }
}

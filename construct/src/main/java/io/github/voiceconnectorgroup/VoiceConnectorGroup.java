package io.github.voiceconnectorgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.ResourceProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * An Amazon Chime SDK Voice connector group.
 *
 * <p>CloudFormation has no resource type for voice connector groups, so the group is a custom
 * resource ({@code Custom::VoiceConnectorGroup}) served by one Lambda function per stack, shared by
 * every group in it. The function's code ships inside this library; synthesizing needs neither
 * Docker nor network.
 *
 * <pre>{@code
 * VoiceConnectorGroup group = VoiceConnectorGroup.Builder.create(this, "Group")
 *     .voiceConnectorItems(List.of(
 *         VoiceConnectorItem.fromVoiceConnector(primary, 1),
 *         VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 2)))
 *     .build();
 * }</pre>
 *
 * <p>Properties are checked at synth time, skipping values that are unresolved tokens: name 1 to
 * 256 characters of {@code [a-zA-Z0-9 _.-]}, 1 to 3 items, priorities 1 to 99, voice connector ids
 * non-blank and unique, the stack's Region one with the Amazon Chime SDK Voice endpoint.
 */
public class VoiceConnectorGroup extends VoiceConnectorGroupBase {

  /** The CloudFormation type of the custom resource. */
  public static final String RESOURCE_TYPE = "Custom::VoiceConnectorGroup";

  /** The fewest items a group may have here (see {@link VoiceConnectorGroupProps}). */
  public static final int MIN_ITEMS = 1;

  /** The most items the service allows in a group. */
  public static final int MAX_ITEMS = 3;

  /** The highest priority. */
  public static final int MIN_PRIORITY = 1;

  /** The lowest priority. */
  public static final int MAX_PRIORITY = 99;

  /** The longest name the service allows. */
  public static final int MAX_NAME_LENGTH = 256;

  /** The default {@link VoiceConnectorGroupProps#getServiceTimeout()}. */
  public static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.minutes(15);

  /** Regions of the aws partition with the Amazon Chime SDK Voice ({@code voice-chime}) API. */
  public static final List<String> SUPPORTED_REGIONS =
      List.of(
          "us-east-1",
          "us-west-2",
          "ca-central-1",
          "eu-central-1",
          "eu-west-1",
          "eu-west-2",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-southeast-1",
          "ap-southeast-2");

  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9 _.-]+");
  private static final int MIN_SERVICE_TIMEOUT_SECONDS = 10 * 60;
  private static final int MAX_SERVICE_TIMEOUT_SECONDS = 60 * 60;

  private final String voiceConnectorGroupId;
  private final String voiceConnectorGroupArn;
  private final String name;

  /**
   * Creates a voice connector group.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param props the group's properties
   * @throws IllegalArgumentException when a property is out of range, naming the construct path,
   *     the property, the value and what is allowed
   */
  public VoiceConnectorGroup(Construct scope, String id, VoiceConnectorGroupProps props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    String path = getNode().getPath();

    this.name = props.getName() != null ? props.getName() : defaultName(this);
    List<VoiceConnectorItem> items =
        props.getVoiceConnectorItems() == null
            ? List.of()
            // Not List.copyOf: a null element is reported below with its index.
            : Collections.unmodifiableList(new ArrayList<>(props.getVoiceConnectorItems()));
    RemovalPolicy removalPolicy =
        props.getRemovalPolicy() != null ? props.getRemovalPolicy() : RemovalPolicy.DESTROY;
    Duration serviceTimeout =
        props.getServiceTimeout() != null ? props.getServiceTimeout() : DEFAULT_SERVICE_TIMEOUT;

    List<String> errors = new ArrayList<>();
    validateName(path, name, errors);
    validateItems(path, items, errors);
    validateRemovalPolicy(path, removalPolicy, errors);
    validateServiceTimeout(path, serviceTimeout, errors);
    validateRegion(path, Stack.of(this).getRegion(), errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }

    VoiceConnectorGroupProvider provider = VoiceConnectorGroupProvider.getOrCreate(this);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Name", name);
    properties.put(
        "VoiceConnectorItems", items.stream().map(VoiceConnectorGroup::toProperty).toList());
    CustomResource resource =
        CustomResource.Builder.create(this, "Resource")
            .resourceType(RESOURCE_TYPE)
            .serviceToken(provider.getServiceToken())
            .properties(properties)
            .removalPolicy(removalPolicy)
            .serviceTimeout(serviceTimeout)
            .build();
    // The L1 CfnResource, as aws-cdk-lib's own L2s expose it for escape hatches.
    getNode().setDefaultChild(resource.getNode().getDefaultChild());

    this.voiceConnectorGroupId = resource.getAttString("VoiceConnectorGroupId");
    this.voiceConnectorGroupArn = resource.getAttString("VoiceConnectorGroupArn");
  }

  /**
   * The group's id, from the custom resource's {@code VoiceConnectorGroupId} attribute.
   *
   * @return a token that resolves to the group id at deploy time
   */
  @Override
  public String getVoiceConnectorGroupId() {
    return voiceConnectorGroupId;
  }

  /**
   * The group's ARN, from the custom resource's {@code VoiceConnectorGroupArn} attribute.
   *
   * @return a token that resolves to the group ARN at deploy time
   */
  @Override
  public String getVoiceConnectorGroupArn() {
    return voiceConnectorGroupArn;
  }

  /**
   * The group's name: the one given, or the one derived from the construct path.
   *
   * @return the name, possibly a token
   */
  public String getName() {
    return name;
  }

  /**
   * Imports an existing group by id; its ARN is built with this stack's partition, Region and
   * account.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param voiceConnectorGroupId the group's id (may be a token)
   * @return the imported group
   */
  public static IVoiceConnectorGroup fromVoiceConnectorGroupId(
      Construct scope, String id, String voiceConnectorGroupId) {
    return fromVoiceConnectorGroupAttributes(
        scope,
        id,
        VoiceConnectorGroupAttributes.builder()
            .voiceConnectorGroupId(voiceConnectorGroupId)
            .build());
  }

  /**
   * Imports an existing group by ARN, {@code arn:<partition>:chime:<region>:<account>:vcg/<group
   * id>}; the id is taken from the ARN, at deploy time when the ARN is a token.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param voiceConnectorGroupArn the group's ARN (may be a token)
   * @return the imported group
   * @throws IllegalArgumentException when a concrete ARN is not a voice connector group's
   */
  public static IVoiceConnectorGroup fromVoiceConnectorGroupArn(
      Construct scope, String id, String voiceConnectorGroupArn) {
    return fromVoiceConnectorGroupAttributes(
        scope,
        id,
        VoiceConnectorGroupAttributes.builder()
            .voiceConnectorGroupArn(voiceConnectorGroupArn)
            .build());
  }

  /**
   * Imports an existing group from its id, its ARN, or both.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param attributes the group's id and/or ARN; at least one is required
   * @return the imported group
   * @throws IllegalArgumentException when neither is given or a concrete ARN is not a voice
   *     connector group's
   */
  public static IVoiceConnectorGroup fromVoiceConnectorGroupAttributes(
      Construct scope, String id, VoiceConnectorGroupAttributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    String groupId = attributes.getVoiceConnectorGroupId();
    String arn = attributes.getVoiceConnectorGroupArn();
    String path = scope.getNode().getPath() + "/" + id;
    if (groupId == null && arn == null) {
      throw new IllegalArgumentException(
          path
              + ": voiceConnectorGroupId null and voiceConnectorGroupArn null; allowed: either or"
              + " both");
    }
    if (arn == null) {
      arn =
          Stack.of(scope)
              .formatArn(
                  ArnComponents.builder()
                      .service("chime")
                      .resource("vcg")
                      .resourceName(groupId)
                      .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                      .build());
      return new Import(scope, id, groupId, arn, null);
    }
    ArnComponents components = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    if (!Token.isUnresolved(arn)
        && (!"chime".equals(components.getService())
            || !"vcg".equals(components.getResource())
            || components.getResourceName() == null
            || components.getResourceName().isEmpty())) {
      throw new IllegalArgumentException(
          path
              + ": voiceConnectorGroupArn '"
              + arn
              + "' is not a voice connector group ARN; allowed:"
              + " arn:<partition>:chime:<region>:<account>:vcg/<group id>");
    }
    if (groupId == null) {
      groupId = components.getResourceName();
    }
    return new Import(scope, id, groupId, arn, arn);
  }

  private static String defaultName(IConstruct construct) {
    return Names.uniqueResourceName(
        construct,
        UniqueResourceNameOptions.builder()
            .maxLength(MAX_NAME_LENGTH)
            .allowedSpecialCharacters("_.-")
            .build());
  }

  private static Map<String, Object> toProperty(VoiceConnectorItem item) {
    Map<String, Object> property = new LinkedHashMap<>();
    property.put("VoiceConnectorId", item.getVoiceConnectorId());
    property.put("Priority", item.getPriority());
    return property;
  }

  private static void validateName(String path, String name, List<String> errors) {
    if (Token.isUnresolved(name)) {
      return;
    }
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      errors.add(
          path
              + ": name '"
              + abbreviate(name)
              + "' has "
              + name.length()
              + " characters; allowed: 1 to "
              + MAX_NAME_LENGTH);
    }
    if (!name.isEmpty() && !NAME_PATTERN.matcher(name).matches()) {
      errors.add(
          path
              + ": name '"
              + abbreviate(name)
              + "' has characters outside [a-zA-Z0-9 _.-]; allowed: letters, digits, space, '_',"
              + " '.' and '-'");
    }
  }

  private static void validateItems(
      String path, List<VoiceConnectorItem> items, List<String> errors) {
    if (items.size() < MIN_ITEMS || items.size() > MAX_ITEMS) {
      errors.add(
          path
              + ": voiceConnectorItems has "
              + items.size()
              + " items; allowed: "
              + MIN_ITEMS
              + " to "
              + MAX_ITEMS
              + " (IAM scopes group creation to the voice connectors it names)");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      VoiceConnectorItem item = items.get(i);
      String field = "voiceConnectorItems[" + i + "]";
      if (item == null) {
        errors.add(path + ": " + field + " null; allowed: a VoiceConnectorItem");
        continue;
      }
      String connectorId = item.getVoiceConnectorId();
      if (item.getPriority() < MIN_PRIORITY || item.getPriority() > MAX_PRIORITY) {
        errors.add(
            path
                + ": "
                + field
                + ".priority "
                + item.getPriority()
                + " is out of range; allowed: "
                + MIN_PRIORITY
                + " (highest) to "
                + MAX_PRIORITY);
      }
      if (Token.isUnresolved(connectorId)) {
        continue;
      }
      if (connectorId.isBlank()) {
        errors.add(
            path
                + ": "
                + field
                + ".voiceConnectorId '"
                + connectorId
                + "' is blank; allowed: a"
                + " voice connector id");
      } else if (!seen.add(connectorId)) {
        errors.add(
            path
                + ": "
                + field
                + ".voiceConnectorId '"
                + connectorId
                + "' appears more than once; allowed: each voice connector once per group");
      }
    }
  }

  private static void validateRemovalPolicy(
      String path, RemovalPolicy removalPolicy, List<String> errors) {
    if (removalPolicy == RemovalPolicy.SNAPSHOT) {
      errors.add(
          path
              + ": removalPolicy SNAPSHOT is not supported by custom resources; allowed: DESTROY,"
              + " RETAIN, RETAIN_ON_UPDATE_OR_DELETE");
    }
  }

  private static void validateServiceTimeout(
      String path, Duration serviceTimeout, List<String> errors) {
    if (serviceTimeout.isUnresolved()) {
      return;
    }
    double seconds = serviceTimeout.toSeconds().doubleValue();
    if (seconds < MIN_SERVICE_TIMEOUT_SECONDS || seconds > MAX_SERVICE_TIMEOUT_SECONDS) {
      errors.add(
          path
              + ": serviceTimeout "
              + serviceTimeout.toHumanString()
              + " is out of range; allowed: 10 minutes (the handler's queueing and run time) to"
              + " 60 minutes");
    }
  }

  private static void validateRegion(String path, String region, List<String> errors) {
    if (Token.isUnresolved(region)) {
      return;
    }
    if (!SUPPORTED_REGIONS.contains(region)) {
      errors.add(
          path
              + ": stack region "
              + region
              + " has no Amazon Chime SDK Voice endpoint; allowed: "
              + String.join(", ", SUPPORTED_REGIONS));
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }

  /** A group defined outside this stack. */
  private static final class Import extends VoiceConnectorGroupBase {
    private final String voiceConnectorGroupId;
    private final String voiceConnectorGroupArn;

    Import(Construct scope, String id, String groupId, String arn, String environmentArn) {
      super(
          scope,
          id,
          environmentArn == null
              ? ResourceProps.builder().build()
              : ResourceProps.builder().environmentFromArn(environmentArn).build());
      this.voiceConnectorGroupId = groupId;
      this.voiceConnectorGroupArn = arn;
    }

    @Override
    public String getVoiceConnectorGroupId() {
      return voiceConnectorGroupId;
    }

    @Override
    public String getVoiceConnectorGroupArn() {
      return voiceConnectorGroupArn;
    }
  }

  /** A fluent builder of {@link VoiceConnectorGroup}, in the style of aws-cdk-lib. */
  public static final class Builder implements software.amazon.jsii.Builder<VoiceConnectorGroup> {
    private final Construct scope;
    private final String id;
    private final VoiceConnectorGroupProps.Builder props = VoiceConnectorGroupProps.builder();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /**
     * Starts building a group.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @return a new builder
     */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getName()}.
     *
     * @param name 1 to 256 characters of letters, digits, space, {@code _}, {@code .} and {@code
     *     -}; default derived from the construct path
     * @return this builder
     */
    public Builder name(String name) {
      props.name(name);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getVoiceConnectorItems()}.
     *
     * @param voiceConnectorItems 1 to 3 items
     * @return this builder
     */
    public Builder voiceConnectorItems(List<? extends VoiceConnectorItem> voiceConnectorItems) {
      props.voiceConnectorItems(voiceConnectorItems);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getRemovalPolicy()}.
     *
     * @param removalPolicy default {@link RemovalPolicy#DESTROY}
     * @return this builder
     */
    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      props.removalPolicy(removalPolicy);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getServiceTimeout()}.
     *
     * @param serviceTimeout 10 to 60 minutes; default 15 minutes
     * @return this builder
     */
    public Builder serviceTimeout(Duration serviceTimeout) {
      props.serviceTimeout(serviceTimeout);
      return this;
    }

    /**
     * Creates the group.
     *
     * @return the group
     * @throws IllegalArgumentException when a property is out of range
     */
    @Override
    public VoiceConnectorGroup build() {
      return new VoiceConnectorGroup(scope, id, props.build());
    }
  }
}

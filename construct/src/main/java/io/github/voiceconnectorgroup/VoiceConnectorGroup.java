package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules.Naming;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IResolvable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
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
 *     .phoneNumbers(List.of("+12065550100"))
 *     .build();
 * }</pre>
 *
 * <p>Properties are checked at synth time, skipping values that are unresolved tokens, with the
 * same rules the handler checks again at deploy time: name 1 to 256 characters of {@code [a-zA-Z0-9
 * _.-]}, 1 to 3 items, priorities 1 to 99, voice connector ids non-blank and unique, phone numbers
 * E.164 and unique; and here only: the stack's Region one with the Amazon Chime SDK Voice endpoint,
 * the service timeout 10 to 60 minutes.
 */
public class VoiceConnectorGroup extends VoiceConnectorGroupBase {

  /** The CloudFormation type of the custom resource. */
  public static final String RESOURCE_TYPE = VoiceConnectorGroupContract.RESOURCE_TYPE;

  /** The fewest items a group may have (see {@link VoiceConnectorGroupProps}). */
  public static final int MIN_ITEMS = VoiceConnectorGroupRules.MIN_ITEMS;

  /** The most items the service allows in a group. */
  public static final int MAX_ITEMS = VoiceConnectorGroupRules.MAX_ITEMS;

  /** The highest priority. */
  public static final int MIN_PRIORITY = VoiceConnectorGroupRules.MIN_PRIORITY;

  /** The lowest priority. */
  public static final int MAX_PRIORITY = VoiceConnectorGroupRules.MAX_PRIORITY;

  /** The longest name the service allows. */
  public static final int MAX_NAME_LENGTH = VoiceConnectorGroupRules.MAX_NAME_LENGTH;

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

  /** Warning id: one app adopts the same group twice. */
  public static final String ADOPTED_TWICE_WARNING = "@voiceconnectorgroup/adopted-twice";

  /** Warning id: an adopted group that a rollback of the stack's creation would delete. */
  public static final String ADOPTED_DELETABLE_WARNING = "@voiceconnectorgroup/adopted-deletable";

  private final String name;
  private final List<VoiceConnectorItem> items;
  private final String adoptedGroupId;
  private List<String> phoneNumbers;
  private final String voiceConnectorGroupId;
  private final String voiceConnectorGroupArn;

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
    this.name = props.getName() != null ? props.getName() : defaultName(this);
    // Not List.copyOf: a null element is reported by the rules with its index.
    this.items = copyOf(props.getVoiceConnectorItems());
    this.phoneNumbers =
        props.getPhoneNumbers() == null ? null : new ArrayList<>(props.getPhoneNumbers());
    this.adoptedGroupId = props.getAdoptVoiceConnectorGroupId();
    // A group that existed before the stack is kept when the stack lets it go, unless told.
    RemovalPolicy removalPolicy =
        props.getRemovalPolicy() != null
            ? props.getRemovalPolicy()
            : adoptedGroupId != null ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    Duration serviceTimeout =
        props.getServiceTimeout() != null ? props.getServiceTimeout() : DEFAULT_SERVICE_TIMEOUT;

    String path = getNode().getPath();
    List<String> violations = new ArrayList<>(contractViolations());
    if (adoptedGroupId != null) {
      violations.addAll(
          VoiceConnectorGroupRules.adoptedGroupIdViolations(
              path, "adoptVoiceConnectorGroupId", adoptedGroupId, Token::isUnresolved));
    }
    violations.addAll(
        ConstructRules.violations(path, removalPolicy, serviceTimeout, Stack.of(this).getRegion()));
    HandlerSettings handlerSettings =
        props.getHandlerSettings() == null ? null : HandlerSettings.of(props.getHandlerSettings());
    if (handlerSettings != null) {
      violations.addAll(handlerSettings.violations(path));
    }
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", violations));
    }

    VoiceConnectorGroupProvider provider =
        VoiceConnectorGroupProvider.forGroup(this, handlerSettings);
    CustomResource resource =
        CustomResource.Builder.create(this, "Resource")
            .resourceType(RESOURCE_TYPE)
            .serviceToken(provider.getServiceToken())
            .properties(templateProperties(Boolean.TRUE.equals(props.getForceAssociate())))
            .removalPolicy(removalPolicy)
            .serviceTimeout(serviceTimeout)
            .build();
    if (adoptedGroupId != null) {
      warnOfAdoption(removalPolicy);
    }
    // The L1 CfnResource, as aws-cdk-lib's own L2s expose it for escape hatches.
    getNode().setDefaultChild(resource.getNode().getDefaultChild());
    this.voiceConnectorGroupId =
        resource.getAttString(VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ID);
    this.voiceConnectorGroupArn =
        resource.getAttString(VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ARN);
  }

  /**
   * Sets up the one handler function that serves every group of the scope's stack: its role, VPC
   * placement, log group, log format and tracing. Call it once per stack, before the stack's first
   * group (or give the settings as {@link VoiceConnectorGroupProps#getHandlerSettings()} of that
   * group); the function itself is added with the first group.
   *
   * <pre>{@code
   * VoiceConnectorGroup.configureHandler(this, VoiceConnectorGroupHandlerSettings.builder()
   *     .role(approvedRole)
   *     .vpc(vpc)
   *     .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
   *     .loggingFormat(LoggingFormat.JSON)
   *     .build());
   * }</pre>
   *
   * <p>Equal settings may be given again (by a library and by the app, say); different ones are
   * refused, unlike {@code AwsCustomResource}, whose shared function silently keeps the first role
   * it was given. The stack's handler is fixed by the first of: this call, or the first group (with
   * its {@code handlerSettings}, or the defaults).
   *
   * @param scope a construct of the stack (the stack itself, usually)
   * @param settings the handler's settings
   * @throws IllegalArgumentException when a setting breaks a rule, or when the stack's handler was
   *     already set up differently; the message names the construct paths of both, and each setting
   *     that differs
   */
  public static void configureHandler(
      Construct scope, VoiceConnectorGroupHandlerSettings settings) {
    VoiceConnectorGroupProvider.configure(
        Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Adds phone numbers to the group's declared numbers (starting the declaration if the props had
   * none): from then on the group owns exactly its declared numbers.
   *
   * @param numbers E.164 numbers, each at most once in the group (may be tokens)
   * @throws IllegalArgumentException when a number is not E.164 or already declared
   */
  public void addPhoneNumbers(String... numbers) {
    List<String> added = new ArrayList<>(phoneNumbers == null ? List.of() : phoneNumbers);
    added.addAll(Arrays.asList(numbers));
    List<String> violations =
        VoiceConnectorGroupRules.phoneNumberViolations(
            getNode().getPath(), added, Naming.PROPS, Token::isUnresolved);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", violations));
    }
    this.phoneNumbers = added;
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
   * The group's declared phone numbers.
   *
   * @return the numbers, or {@code null} when the group manages none
   */
  public List<String> getPhoneNumbers() {
    return phoneNumbers == null ? null : Collections.unmodifiableList(phoneNumbers);
  }

  /**
   * Imports an existing group by id; its ARN is built with this stack's partition, Region and
   * account.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param voiceConnectorGroupId the group's id (not blank; may be a token)
   * @return the imported group
   * @throws IllegalArgumentException when the id is blank
   */
  public static IVoiceConnectorGroup fromVoiceConnectorGroupId(
      Construct scope, String id, String voiceConnectorGroupId) {
    return fromVoiceConnectorGroupAttributes(
        scope,
        id,
        VoiceConnectorGroupAttributes.builder()
            .voiceConnectorGroupId(
                Objects.requireNonNull(voiceConnectorGroupId, "voiceConnectorGroupId"))
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
            .voiceConnectorGroupArn(
                Objects.requireNonNull(voiceConnectorGroupArn, "voiceConnectorGroupArn"))
            .build());
  }

  /**
   * Imports an existing group from its id, its ARN, or both.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param attributes the group's id and/or ARN; at least one is required
   * @return the imported group
   * @throws IllegalArgumentException when neither is given, the id is blank, or a concrete ARN is
   *     not a voice connector group's
   */
  public static IVoiceConnectorGroup fromVoiceConnectorGroupAttributes(
      Construct scope, String id, VoiceConnectorGroupAttributes attributes) {
    return ImportedVoiceConnectorGroup.of(scope, id, attributes);
  }

  /** The id of the existing group this one adopts, or {@code null} when the stack creates it. */
  String adoptedGroupId() {
    return adoptedGroupId;
  }

  private void warnOfAdoption(RemovalPolicy removalPolicy) {
    if (removalPolicy != RemovalPolicy.RETAIN) {
      Annotations.of(this)
          .addWarningV2(
              ADOPTED_DELETABLE_WARNING,
              "adoptVoiceConnectorGroupId with removalPolicy "
                  + removalPolicy
                  + ": the group existed before the stack, and a rollback of the stack's creation or"
                  + " a delete of the stack deletes it; RETAIN (the default for an adopted group)"
                  + " keeps it");
    }
    if (Token.isUnresolved(adoptedGroupId)) {
      return;
    }
    for (IConstruct other : getNode().getRoot().getNode().findAll()) {
      if (other != this
          && other instanceof VoiceConnectorGroup group
          && adoptedGroupId.equals(group.adoptedGroupId())) {
        Annotations.of(this)
            .addWarningV2(
                ADOPTED_TWICE_WARNING,
                "group "
                    + adoptedGroupId
                    + " is adopted by "
                    + other.getNode().getPath()
                    + " too: two constructs would each make it what they declare, and deleting"
                    + " either would delete it for both");
      }
    }
  }

  private List<String> contractViolations() {
    List<VoiceConnectorGroupSpec.Item> specItems = new ArrayList<>(items.size());
    for (VoiceConnectorItem item : items) {
      specItems.add(
          item == null
              ? null
              : new VoiceConnectorGroupSpec.Item(item.getVoiceConnectorId(), item.getPriority()));
    }
    return VoiceConnectorGroupRules.violations(
        getNode().getPath(),
        new VoiceConnectorGroupSpec(name, specItems, phoneNumbers),
        Naming.PROPS,
        Token::isUnresolved);
  }

  /** The custom resource's properties, named as the handler reads them. */
  private Map<String, Object> templateProperties(boolean forceAssociate) {
    List<Map<String, Object>> itemProperties = new ArrayList<>(items.size());
    for (VoiceConnectorItem item : items) {
      Map<String, Object> property = new LinkedHashMap<>();
      property.put(VoiceConnectorGroupContract.VOICE_CONNECTOR_ID, item.getVoiceConnectorId());
      property.put(VoiceConnectorGroupContract.PRIORITY, item.getPriority());
      itemProperties.add(property);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(VoiceConnectorGroupContract.NAME, name);
    properties.put(VoiceConnectorGroupContract.VOICE_CONNECTOR_ITEMS, itemProperties);
    // Resolved at synth time, so numbers added after construction are included; absent (not
    // empty) when the group manages no numbers.
    // Written as the service lists them, with their "+".
    IResolvable declaredNumbers =
        Lazy.any(
            () ->
                phoneNumbers == null
                    ? null
                    : phoneNumbers.stream()
                        .map(
                            number ->
                                Token.isUnresolved(number)
                                    ? number
                                    : VoiceConnectorGroupRules.canonicalPhoneNumber(number))
                        .toList());
    properties.put(VoiceConnectorGroupContract.PHONE_NUMBERS, declaredNumbers);
    if (forceAssociate) {
      properties.put(VoiceConnectorGroupContract.FORCE_ASSOCIATE, true);
    }
    if (adoptedGroupId != null) {
      properties.put(VoiceConnectorGroupContract.ADOPT_VOICE_CONNECTOR_GROUP_ID, adoptedGroupId);
    }
    return properties;
  }

  private static List<VoiceConnectorItem> copyOf(List<VoiceConnectorItem> items) {
    return items == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(items));
  }

  private static String defaultName(Construct construct) {
    return Names.uniqueResourceName(
        construct,
        UniqueResourceNameOptions.builder()
            .maxLength(MAX_NAME_LENGTH)
            .allowedSpecialCharacters("_.-")
            .build());
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
     * Sets {@link VoiceConnectorGroupProps#getPhoneNumbers()}.
     *
     * @param phoneNumbers E.164 numbers, each once; default: the group manages no numbers
     * @return this builder
     */
    public Builder phoneNumbers(List<String> phoneNumbers) {
      props.phoneNumbers(phoneNumbers);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getForceAssociate()}.
     *
     * @param forceAssociate whether numbers associated elsewhere move to this group; default false
     * @return this builder
     */
    public Builder forceAssociate(Boolean forceAssociate) {
      props.forceAssociate(forceAssociate);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getHandlerSettings()}.
     *
     * @param handlerSettings the stack's handler settings; default: those already set up, else the
     *     construct's defaults
     * @return this builder
     */
    public Builder handlerSettings(VoiceConnectorGroupHandlerSettings handlerSettings) {
      props.handlerSettings(handlerSettings);
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getAdoptVoiceConnectorGroupId()}.
     *
     * @param adoptVoiceConnectorGroupId the id of an existing group to take over instead of
     *     creating one; default: the stack creates its group
     * @return this builder
     */
    public Builder adoptVoiceConnectorGroupId(String adoptVoiceConnectorGroupId) {
      props.adoptVoiceConnectorGroupId(adoptVoiceConnectorGroupId);
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

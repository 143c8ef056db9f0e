package io.github.voiceconnectorgroup.contract;

/** Names that cross from the synthesized template to the handler. */
public final class VoiceConnectorGroupContract {

  /** The CloudFormation type of the custom resource. */
  public static final String RESOURCE_TYPE = "Custom::VoiceConnectorGroup";

  /** The handler's entry point, as the Lambda function's {@code Handler} setting names it. */
  public static final String HANDLER =
      "io.github.voiceconnectorgroup.handler.VoiceConnectorGroupHandler::handleRequest";

  /**
   * The handler function's timeout: room for the SDK's retries, for waiting out a new group's
   * invisibility (a minute) and for emptying a group before deleting it.
   */
  public static final int HANDLER_TIMEOUT_SECONDS = 180;

  /** Property: the group's name. */
  public static final String NAME = "Name";

  /** Property: the list of {@link #VOICE_CONNECTOR_ID} / {@link #PRIORITY} objects. */
  public static final String VOICE_CONNECTOR_ITEMS = "VoiceConnectorItems";

  /** Property of an item: the voice connector's id. */
  public static final String VOICE_CONNECTOR_ID = "VoiceConnectorId";

  /** Property of an item: its priority, a number CloudFormation delivers as a string. */
  public static final String PRIORITY = "Priority";

  /**
   * Property: the E.164 phone numbers the group owns; when absent, the group's numbers are left
   * alone.
   */
  public static final String PHONE_NUMBERS = "PhoneNumbers";

  /** Property: {@code "true"} to take numbers from wherever they are associated. */
  public static final String FORCE_ASSOCIATE = "ForceAssociate";

  /**
   * Property: the id of an existing group to adopt on Create instead of creating one; absent for a
   * group the stack creates.
   */
  public static final String ADOPT_VOICE_CONNECTOR_GROUP_ID = "AdoptVoiceConnectorGroupId";

  /** Attribute (and physical id): the group's id. */
  public static final String ATTRIBUTE_GROUP_ID = "VoiceConnectorGroupId";

  /** Attribute: the group's ARN. */
  public static final String ATTRIBUTE_GROUP_ARN = "VoiceConnectorGroupArn";

  private VoiceConnectorGroupContract() {}
}

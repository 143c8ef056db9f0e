package io.github.voiceconnectorgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;

/** Properties of a {@link VoiceConnectorGroup}. */
public interface VoiceConnectorGroupProps {

  /**
   * The group's name: 1 to 256 characters of letters, digits, space, {@code _}, {@code .} and
   * {@code -}.
   *
   * @return the name, or {@code null} for the default
   * @default a name derived from the construct path, unique within the app and stable across synths
   */
  default String getName() {
    return null;
  }

  /**
   * The voice connectors of the group with their priorities: 1 to 3 items, priorities 1 to 99, each
   * voice connector at most once.
   *
   * <p>At least one item is required: the handler may create groups only with voice connectors of
   * this account (IAM resource {@code arn:<partition>:chime:*:<account>:vc/*}), which a request
   * without connectors does not name.
   *
   * @return the items
   */
  List<VoiceConnectorItem> getVoiceConnectorItems();

  /**
   * What happens to the group when it leaves the stack: {@code DESTROY} deletes it (after removing
   * its voice connectors and phone numbers), {@code RETAIN} keeps it, {@code
   * RETAIN_ON_UPDATE_OR_DELETE} keeps it except when its creation is rolled back. {@code SNAPSHOT}
   * is not supported.
   *
   * <p>An adopted group ({@link #getAdoptVoiceConnectorGroupId()}) existed before the stack, so it
   * is kept by default; with {@code DESTROY} or {@code RETAIN_ON_UPDATE_OR_DELETE}, a rollback of
   * the stack's creation deletes it (a synth warning says so).
   *
   * @return the removal policy, or {@code null} for the default
   * @default {@link RemovalPolicy#DESTROY}; {@link RemovalPolicy#RETAIN} for an adopted group
   */
  default RemovalPolicy getRemovalPolicy() {
    return null;
  }

  /**
   * How long CloudFormation waits for the handler's answer before it fails the operation: 10 to 60
   * minutes. The lower bound covers the handler's longest run (an event may wait in Lambda's queue
   * up to 6 minutes, then run up to 3 minutes), so the handler never acts on a request that
   * CloudFormation has already given up on.
   *
   * @return the timeout, or {@code null} for the default
   * @default 15 minutes, well under CloudFormation's own 1 hour
   */
  default Duration getServiceTimeout() {
    return null;
  }

  /**
   * The phone numbers the group owns, in E.164 ({@code +12065550100}); inbound calls to them go to
   * the group's voice connectors by priority. The numbers must be in the account already (ordered
   * in the Amazon Chime SDK console or with {@code SearchAvailablePhoneNumbers} and {@code
   * CreatePhoneNumberOrder}). Declared, the stack manages them: an update associates the added ones
   * and disassociates those it declared before and no longer does; a number associated by hand that
   * the stack never declared is left alone. Each number at most once ({@code +12065550100} and
   * {@code 12065550100} are one number); tokens allowed.
   *
   * @return the numbers, or {@code null} to leave whatever numbers the group has alone
   * @default {@code null}: the group manages no numbers
   */
  default List<String> getPhoneNumbers() {
    return null;
  }

  /**
   * Whether a declared number associated elsewhere (another group or a voice connector) is moved to
   * this group. When false, such a number fails the deployment and stays where it is.
   *
   * @return whether to move numbers, or {@code null} for the default
   * @default {@code false}
   */
  default Boolean getForceAssociate() {
    return null;
  }

  /**
   * The id of an existing group (made in the console, with the CLI or with Terraform) that the
   * stack takes over instead of creating one: on create the handler makes it what the stack
   * declares (name, items, and the phone numbers when declared) and uses its id, so no group is
   * created and no quota slot is used; if that fails, it sets the group back to what it was. A
   * different id later is a replacement: the new group is adopted and the old one deleted or kept
   * by the removal policy. Tokens allowed. The service has no owner or tags on groups: two stacks
   * adopting the same group cannot be told apart (an app that adopts one literal id twice gets a
   * synth warning).
   *
   * @return the id, or {@code null} to create a group
   * @default {@code null}: the stack creates its group
   */
  default String getAdoptVoiceConnectorGroupId() {
    return null;
  }

  /**
   * Settings of the stack's one handler function (role, VPC, log group, log format, tracing), for
   * the stack's first group; see {@link VoiceConnectorGroup#configureHandler}. A later group may
   * give them again only unchanged.
   *
   * @return the settings, or {@code null} to take those the stack's handler already has
   * @default those given to {@link VoiceConnectorGroup#configureHandler} or to an earlier group of
   *     the stack, else a role and log group made for the function, outside any VPC
   */
  default VoiceConnectorGroupHandlerSettings getHandlerSettings() {
    return null;
  }

  /**
   * A builder of {@link VoiceConnectorGroupProps}.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds immutable {@link VoiceConnectorGroupProps}. */
  final class Builder {
    private String name;
    private List<VoiceConnectorItem> voiceConnectorItems;
    private RemovalPolicy removalPolicy;
    private Duration serviceTimeout;
    private List<String> phoneNumbers;
    private Boolean forceAssociate;
    private VoiceConnectorGroupHandlerSettings handlerSettings;
    private String adoptVoiceConnectorGroupId;

    private Builder() {}

    /**
     * Sets {@link VoiceConnectorGroupProps#getName()}.
     *
     * @param name 1 to 256 characters of letters, digits, space, {@code _}, {@code .} and {@code -}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getVoiceConnectorItems()}.
     *
     * @param voiceConnectorItems 1 to 3 items
     * @return this builder
     */
    public Builder voiceConnectorItems(List<? extends VoiceConnectorItem> voiceConnectorItems) {
      this.voiceConnectorItems =
          voiceConnectorItems == null
              ? null
              : Collections.unmodifiableList(new ArrayList<>(voiceConnectorItems));
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getRemovalPolicy()}.
     *
     * @param removalPolicy the removal policy
     * @return this builder
     */
    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getServiceTimeout()}.
     *
     * @param serviceTimeout 10 to 60 minutes
     * @return this builder
     */
    public Builder serviceTimeout(Duration serviceTimeout) {
      this.serviceTimeout = serviceTimeout;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getPhoneNumbers()}.
     *
     * @param phoneNumbers E.164 numbers, each once
     * @return this builder
     */
    public Builder phoneNumbers(List<String> phoneNumbers) {
      this.phoneNumbers =
          phoneNumbers == null ? null : Collections.unmodifiableList(new ArrayList<>(phoneNumbers));
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getForceAssociate()}.
     *
     * @param forceAssociate whether numbers associated elsewhere are moved to this group
     * @return this builder
     */
    public Builder forceAssociate(Boolean forceAssociate) {
      this.forceAssociate = forceAssociate;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getHandlerSettings()}.
     *
     * @param handlerSettings the stack's handler settings
     * @return this builder
     */
    public Builder handlerSettings(VoiceConnectorGroupHandlerSettings handlerSettings) {
      this.handlerSettings = handlerSettings;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupProps#getAdoptVoiceConnectorGroupId()}.
     *
     * @param adoptVoiceConnectorGroupId the id of an existing group to take over
     * @return this builder
     */
    public Builder adoptVoiceConnectorGroupId(String adoptVoiceConnectorGroupId) {
      this.adoptVoiceConnectorGroupId = adoptVoiceConnectorGroupId;
      return this;
    }

    /**
     * Builds the properties.
     *
     * @return the properties
     */
    public VoiceConnectorGroupProps build() {
      return new Values(
          name,
          voiceConnectorItems,
          removalPolicy,
          serviceTimeout,
          phoneNumbers,
          forceAssociate,
          handlerSettings,
          adoptVoiceConnectorGroupId);
    }

    private record Values(
        String name,
        List<VoiceConnectorItem> voiceConnectorItems,
        RemovalPolicy removalPolicy,
        Duration serviceTimeout,
        List<String> phoneNumbers,
        Boolean forceAssociate,
        VoiceConnectorGroupHandlerSettings handlerSettings,
        String adoptVoiceConnectorGroupId)
        implements VoiceConnectorGroupProps {

      @Override
      public String getAdoptVoiceConnectorGroupId() {
        return adoptVoiceConnectorGroupId;
      }

      @Override
      public VoiceConnectorGroupHandlerSettings getHandlerSettings() {
        return handlerSettings;
      }

      @Override
      public List<String> getPhoneNumbers() {
        return phoneNumbers;
      }

      @Override
      public Boolean getForceAssociate() {
        return forceAssociate;
      }

      @Override
      public String getName() {
        return name;
      }

      @Override
      public List<VoiceConnectorItem> getVoiceConnectorItems() {
        return voiceConnectorItems;
      }

      @Override
      public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
      }

      @Override
      public Duration getServiceTimeout() {
        return serviceTimeout;
      }
    }
  }
}

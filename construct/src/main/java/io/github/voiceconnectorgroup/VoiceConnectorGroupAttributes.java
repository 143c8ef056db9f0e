package io.github.voiceconnectorgroup;

/**
 * What identifies an existing voice connector group: its id, its ARN, or both.
 *
 * @see VoiceConnectorGroup#fromVoiceConnectorGroupAttributes
 */
public interface VoiceConnectorGroupAttributes {

  /**
   * The group's id.
   *
   * @return the id, or {@code null} to take it from the ARN
   * @default taken from {@link #getVoiceConnectorGroupArn()}
   */
  default String getVoiceConnectorGroupId() {
    return null;
  }

  /**
   * The group's ARN, {@code arn:<partition>:chime:<region>:<account>:vcg/<group id>}.
   *
   * @return the ARN, or {@code null} to build it from the id
   * @default built from {@link #getVoiceConnectorGroupId()} with the stack's partition, Region and
   *     account
   */
  default String getVoiceConnectorGroupArn() {
    return null;
  }

  /**
   * A builder of {@link VoiceConnectorGroupAttributes}.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds immutable {@link VoiceConnectorGroupAttributes}. */
  final class Builder {
    private String voiceConnectorGroupId;
    private String voiceConnectorGroupArn;

    private Builder() {}

    /**
     * Sets {@link VoiceConnectorGroupAttributes#getVoiceConnectorGroupId()}.
     *
     * @param voiceConnectorGroupId the group's id
     * @return this builder
     */
    public Builder voiceConnectorGroupId(String voiceConnectorGroupId) {
      this.voiceConnectorGroupId = voiceConnectorGroupId;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupAttributes#getVoiceConnectorGroupArn()}.
     *
     * @param voiceConnectorGroupArn the group's ARN
     * @return this builder
     */
    public Builder voiceConnectorGroupArn(String voiceConnectorGroupArn) {
      this.voiceConnectorGroupArn = voiceConnectorGroupArn;
      return this;
    }

    /**
     * Builds the attributes.
     *
     * @return the attributes
     */
    public VoiceConnectorGroupAttributes build() {
      return new Values(voiceConnectorGroupId, voiceConnectorGroupArn);
    }

    private record Values(String voiceConnectorGroupId, String voiceConnectorGroupArn)
        implements VoiceConnectorGroupAttributes {

      @Override
      public String getVoiceConnectorGroupId() {
        return voiceConnectorGroupId;
      }

      @Override
      public String getVoiceConnectorGroupArn() {
        return voiceConnectorGroupArn;
      }
    }
  }
}

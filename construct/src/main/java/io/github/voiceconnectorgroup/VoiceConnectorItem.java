package io.github.voiceconnectorgroup;

import java.util.Objects;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/**
 * One member of a voice connector group: a voice connector and its priority.
 *
 * <p>Values are checked when the item is added to a {@link VoiceConnectorGroup}, where the error
 * can name the construct.
 */
public final class VoiceConnectorItem {

  private final String voiceConnectorId;
  private final int priority;

  private VoiceConnectorItem(String voiceConnectorId, int priority) {
    this.voiceConnectorId = voiceConnectorId;
    this.priority = priority;
  }

  /**
   * An item for a voice connector given by id.
   *
   * @param voiceConnectorId the voice connector's id (not blank, checked by the group it joins; may
   *     be a token); the connector may be in any Region
   * @param priority 1 to 99; 1 is the highest, equal priorities share calls
   * @return the item
   */
  public static VoiceConnectorItem of(String voiceConnectorId, int priority) {
    return new VoiceConnectorItem(voiceConnectorId, priority);
  }

  /**
   * An item for a voice connector defined in this app ({@code AWS::Chime::VoiceConnector}),
   * referenced with {@code Fn::GetAtt VoiceConnectorId}. A connector in a stack of another Region
   * works when that stack allows cross-Region references.
   *
   * @param voiceConnector the voice connector
   * @param priority 1 to 99; 1 is the highest, equal priorities share calls
   * @return the item
   */
  public static VoiceConnectorItem fromVoiceConnector(
      CfnVoiceConnector voiceConnector, int priority) {
    Objects.requireNonNull(voiceConnector, "voiceConnector");
    return new VoiceConnectorItem(voiceConnector.getAttrVoiceConnectorId(), priority);
  }

  /**
   * The voice connector's id.
   *
   * @return the id, possibly a token
   */
  public String getVoiceConnectorId() {
    return voiceConnectorId;
  }

  /**
   * The priority, 1 (highest) to 99.
   *
   * @return the priority
   */
  public int getPriority() {
    return priority;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VoiceConnectorItem item
        && Objects.equals(voiceConnectorId, item.voiceConnectorId)
        && priority == item.priority;
  }

  @Override
  public int hashCode() {
    return Objects.hash(voiceConnectorId, priority);
  }

  @Override
  public String toString() {
    return "VoiceConnectorItem{voiceConnectorId="
        + voiceConnectorId
        + ", priority="
        + priority
        + "}";
  }
}

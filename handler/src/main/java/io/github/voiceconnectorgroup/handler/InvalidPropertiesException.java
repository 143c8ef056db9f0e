package io.github.voiceconnectorgroup.handler;

/** ResourceProperties that the service would refuse; the message names field, value and rule. */
final class InvalidPropertiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidPropertiesException(String message) {
    super(message);
  }
}

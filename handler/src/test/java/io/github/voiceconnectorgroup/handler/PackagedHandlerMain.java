package io.github.voiceconnectorgroup.handler;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plays one Lambda container for {@link PackagedHandlerIT}: runs on a classpath of the packaged
 * artifact plus the test classes, creates the handler as Lambda does (no-argument constructor,
 * configuration from the environment) and invokes it with each line of standard input as an event.
 */
public final class PackagedHandlerMain {

  private PackagedHandlerMain() {}

  /**
   * Invokes the handler once per input line.
   *
   * @param args unused
   * @throws Exception if an invocation throws
   */
  public static void main(String[] args) throws Exception {
    VoiceConnectorGroupHandler handler = new VoiceConnectorGroupHandler();
    BufferedReader events =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      handler.handleRequest(
          new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(),
          new DeadlineContext(Duration.ofSeconds(20)));
    }
  }
}

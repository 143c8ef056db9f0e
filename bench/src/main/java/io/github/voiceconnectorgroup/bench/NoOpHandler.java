package io.github.voiceconnectorgroup.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Java Lambda handler that does nothing: its cold start under the runtime interface client is the
 * floor any Java handler starts from on the same machine (JVM, client, one tiny class).
 */
public final class NoOpHandler implements RequestStreamHandler {

  /** Creates the handler, as the runtime interface client does. */
  public NoOpHandler() {}

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}

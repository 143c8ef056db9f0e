package io.github.voiceconnectorgroup.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Lambda entry point of the {@code Custom::VoiceConnectorGroup} custom resource: reads the
 * CloudFormation event and hands it to the lifecycle, which answers the event's ResponseURL exactly
 * once. Handler string: {@code
 * io.github.voiceconnectorgroup.handler.VoiceConnectorGroupHandler::handleRequest}.
 *
 * <p>The Chime SDK Voice client is built once per container, when the class is initialised: region
 * from {@code AWS_REGION}, credentials from the environment, endpoint from {@code
 * AWS_ENDPOINT_URL_CHIME_SDK_VOICE} or {@code AWS_ENDPOINT_URL} when set.
 */
public final class VoiceConnectorGroupHandler implements RequestStreamHandler {

  private static final Consumer<String> STDOUT = System.out::println;
  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "voice-connector-group-lifecycle");
            thread.setDaemon(true);
            return thread;
          });
  private static final ChimeSdkVoiceClient CLIENT;
  private static final RuntimeException CLIENT_ERROR;

  static {
    ColdStart.startTlsWarmUp();
    ChimeSdkVoiceClient client = null;
    RuntimeException error = null;
    try {
      client = ChimeSdkVoiceClients.fromEnvironment();
    } catch (RuntimeException | LinkageError e) {
      // Kept to answer each event FAILED: a failed init would leave the stack waiting.
      error = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    CLIENT = client;
    CLIENT_ERROR = error;
    if (client != null) {
      ColdStart.warmUpLifecycle(WORKERS);
    }
  }

  private final CustomResourceRunner runner;

  /** Creates the handler Lambda instantiates, using the container's shared client. */
  public VoiceConnectorGroupHandler() {
    this(CLIENT, ResponseSender.standard(STDOUT), CustomResourceRunner.Timing.LAMBDA, STDOUT);
  }

  VoiceConnectorGroupHandler(
      ChimeSdkVoiceClient client,
      ResponseSender sender,
      CustomResourceRunner.Timing timing,
      Consumer<String> log) {
    VoiceConnectorGroupLifecycle lifecycle =
        client == null
            ? VoiceConnectorGroupLifecycle.unavailable(CLIENT_ERROR, log)
            : new VoiceConnectorGroupLifecycle(client, log);
    this.runner = new CustomResourceRunner(lifecycle, sender, WORKERS, timing, log);
  }

  /**
   * Handles one CloudFormation custom resource event.
   *
   * @param input the event JSON
   * @param output unused: the answer goes to the event's ResponseURL
   * @param context gives the remaining time, which bounds every API call and the answer
   * @throws IOException if the event cannot be read
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Deadline deadline = Deadline.inMillis(context.getRemainingTimeInMillis(), System::nanoTime);
    byte[] event = input.readAllBytes();
    runner.run(event, deadline);
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}

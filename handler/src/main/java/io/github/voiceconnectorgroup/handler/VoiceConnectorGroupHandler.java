package io.github.voiceconnectorgroup.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.voiceconnectorgroup.cfn.CustomResourceFailure;
import io.github.voiceconnectorgroup.cfn.CustomResourceRunner;
import io.github.voiceconnectorgroup.cfn.Deadline;
import io.github.voiceconnectorgroup.cfn.HandlerLog;
import io.github.voiceconnectorgroup.cfn.ResourceLifecycle;
import io.github.voiceconnectorgroup.cfn.ResponseSender;
import io.github.voiceconnectorgroup.cfn.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Lambda entry point of the {@code Custom::VoiceConnectorGroup} custom resource: reads the
 * CloudFormation event and hands it to the protocol runner, which answers the event's ResponseURL
 * exactly once. Handler string: {@code
 * io.github.voiceconnectorgroup.handler.VoiceConnectorGroupHandler::handleRequest}.
 *
 * <p>Loading this class builds the container's one Chime SDK Voice client: region from {@code
 * AWS_REGION}, credentials from the environment, endpoint from {@code
 * AWS_ENDPOINT_URL_CHIME_SDK_VOICE} or {@code AWS_ENDPOINT_URL} when set.
 */
public final class VoiceConnectorGroupHandler implements RequestStreamHandler {

  /** The guard answers FAILED this long before the Lambda deadline. */
  static final Duration ANSWER_RESERVE = Duration.ofSeconds(2);

  /** Every API call ends this long before the deadline, so its result is in before the guard. */
  static final Duration CALL_RESERVE = Duration.ofSeconds(3);

  private static final HandlerLog LOG = HandlerLog.fromEnvironment(System.out::println);
  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "voice-connector-group-lifecycle");
            thread.setDaemon(true);
            return thread;
          });
  private static final Supplier<ChimeSdkVoiceClient> CLIENT = buildClient();

  private final CustomResourceRunner runner;
  private final Clock clock;

  /** Creates the handler Lambda instantiates, using the container's shared client. */
  public VoiceConnectorGroupHandler() {
    this(
        new VoiceConnectorGroupLifecycle(
            CLIENT, CALL_RESERVE, EventualConsistency.OF_THE_SERVICE, Sleeper.THREAD, LOG),
        ResponseSender.standard(LOG),
        ANSWER_RESERVE,
        Clock.systemUTC(),
        LOG);
  }

  VoiceConnectorGroupHandler(
      ResourceLifecycle resource,
      ResponseSender sender,
      Duration answerReserve,
      Clock clock,
      HandlerLog log) {
    this.runner = new CustomResourceRunner(resource, sender, WORKERS, answerReserve, log);
    this.clock = clock;
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
    Deadline deadline =
        Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis()), clock);
    byte[] event = input.readAllBytes();
    runner.run(event, deadline);
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }

  /** The client, or, if it cannot be built, a supplier that fails each event with the reason. */
  static Supplier<ChimeSdkVoiceClient> buildClient() {
    return buildClient(ChimeSdkVoiceClients::fromEnvironment);
  }

  /** As {@link #buildClient()}, from the given factory. */
  static Supplier<ChimeSdkVoiceClient> buildClient(Supplier<ChimeSdkVoiceClient> factory) {
    try {
      ChimeSdkVoiceClient client = factory.get();
      return () -> client;
    } catch (RuntimeException | LinkageError e) {
      // A failed init would leave the stack waiting; each event is answered FAILED instead.
      return () -> {
        throw new CustomResourceFailure(
            "the Chime SDK Voice client could not be built: " + e.getMessage(), e);
      };
    }
  }
}

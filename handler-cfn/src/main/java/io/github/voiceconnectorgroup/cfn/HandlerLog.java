package io.github.voiceconnectorgroup.cfn;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The handler's log lines, as text or, when the function's log format is JSON, as one JSON object
 * per line with {@code timestamp}, {@code level} and {@code message} as Lambda writes its own, plus
 * the request each line belongs to ({@code requestType}, {@code logicalResourceId}, {@code
 * physicalResourceId}) and, on the answer's line, its {@code outcome}. Lines below the function's
 * application log level are dropped, in either format. Nothing logged carries a pre-signed URL's
 * query.
 */
public final class HandlerLog implements Consumer<String> {

  /** How the lines are written. */
  public enum Format {
    /** One plain line each. */
    TEXT,
    /** One JSON object each. */
    JSON
  }

  /** Lambda's application log levels, lowest first. */
  public enum Level {
    /** Lambda's TRACE. */
    TRACE,
    /** Lambda's DEBUG. */
    DEBUG,
    /** Lambda's INFO, its default. */
    INFO,
    /** Lambda's WARN. */
    WARN,
    /** Lambda's ERROR. */
    ERROR,
    /** Lambda's FATAL. */
    FATAL
  }

  private final Format format;
  private final Level minimum;
  private final Clock clock;
  private final Consumer<String> out;
  private volatile CustomResourceEvent request;

  /**
   * A log.
   *
   * @param format text or JSON
   * @param minimum lines below this level are dropped
   * @param clock dates the JSON lines
   * @param out where each line goes
   */
  public HandlerLog(Format format, Level minimum, Clock clock, Consumer<String> out) {
    this.format = format;
    this.minimum = minimum;
    this.clock = clock;
    this.out = out;
  }

  /**
   * The log Lambda's settings ask for: {@code AWS_LAMBDA_LOG_FORMAT} ({@code JSON} or text) and
   * {@code AWS_LAMBDA_LOG_LEVEL}, the application log level (INFO unless set).
   *
   * @param out where each line goes
   * @return the log
   */
  public static HandlerLog fromEnvironment(Consumer<String> out) {
    Format format =
        "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT")) ? Format.JSON : Format.TEXT;
    String level = System.getenv("AWS_LAMBDA_LOG_LEVEL");
    Level minimum = Level.INFO;
    for (Level known : Level.values()) {
      if (known.name().equalsIgnoreCase(level)) {
        minimum = known;
      }
    }
    return new HandlerLog(format, minimum, Clock.systemUTC(), out);
  }

  /**
   * A text log into the given sink, as tests read it.
   *
   * @param out where each line goes
   * @return the log
   */
  public static HandlerLog text(Consumer<String> out) {
    return new HandlerLog(Format.TEXT, Level.TRACE, Clock.systemUTC(), out);
  }

  /** Lines from now on belong to this request. */
  void startRequest(CustomResourceEvent event) {
    this.request = event;
  }

  /** The answer's line, with its outcome. */
  void answered(String status, String physicalResourceId, String message) {
    write(Level.INFO, message, status, physicalResourceId);
  }

  /**
   * Logs a line; one that starts with {@code WARNING} is at level WARN, one that starts with {@code
   * DEBUG} at DEBUG, any other at INFO.
   *
   * @param line the line
   */
  @Override
  public void accept(String line) {
    Level level =
        line.startsWith("WARNING")
            ? Level.WARN
            : line.startsWith("DEBUG") ? Level.DEBUG : Level.INFO;
    write(level, line, null, null);
  }

  private void write(Level level, String message, String outcome, String physicalResourceId) {
    if (level.compareTo(minimum) < 0) {
      return;
    }
    String safe = Redaction.redactQueries(message);
    if (format == Format.TEXT) {
      out.accept(safe);
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", clock.instant().toString());
    line.put("level", level.name());
    line.put("message", safe);
    CustomResourceEvent event = request;
    if (event != null) {
      line.put("requestType", event.requestType());
      line.put("logicalResourceId", event.logicalResourceId());
      String id = physicalResourceId != null ? physicalResourceId : event.physicalResourceId();
      if (id != null) {
        line.put("physicalResourceId", id);
      }
    }
    if (outcome != null) {
      line.put("outcome", outcome);
    }
    try {
      out.accept(JSON.std.asString(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

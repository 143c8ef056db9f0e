package io.github.voiceconnectorgroup.cfn;

import java.net.URI;

/** Cuts what grants access (a pre-signed URL's query) out of what is logged or answered. */
public final class Redaction {

  private Redaction() {}

  /**
   * A URL without its query string, for logs.
   *
   * @param url a URL, or {@code null}
   * @return scheme, authority and path
   */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    } catch (IllegalArgumentException e) {
      int cut = url.indexOf('?');
      return cut < 0 ? "<unparseable URL>" : url.substring(0, cut);
    }
  }

  /**
   * The text with every URL query string cut out, for messages that may quote a URL.
   *
   * @param text any text, or {@code null}
   * @return the text, redacted
   */
  public static String redactQueries(String text) {
    return text == null ? null : text.replaceAll("\\?[^\\s\"']*", "?<redacted>");
  }
}

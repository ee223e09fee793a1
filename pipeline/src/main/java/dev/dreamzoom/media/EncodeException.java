package dev.dreamzoom.media;

/** The clip could not be encoded; no partial file is left under the final name. */
public final class EncodeException extends Exception {
  public EncodeException(String message, Throwable cause) {
    super(message, cause);
  }
}

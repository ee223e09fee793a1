package dev.dreamzoom.model;

/** A model that cannot be found, fetched, verified or imported; the message says what to do. */
public final class ModelException extends Exception {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}

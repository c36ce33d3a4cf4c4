package io.crmsync.transport;

/** The peer could not be reached, refused the exchange, or answered something invalid. */
public class TransportException extends java.io.IOException {
  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}

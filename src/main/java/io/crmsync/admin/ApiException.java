package io.crmsync.admin;

/**
 * A refused administrative request: the HTTP status, a message that says what to fix and, when one
 * input is at fault, its name (so the settings page can show the message next to that input).
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  /** The request member at fault (e.g. "transport"), or null when it is not one input. */
  public String field() {
    return field;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** A 400 caused by one input, named like the member of the request. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(400, message, field);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }
}

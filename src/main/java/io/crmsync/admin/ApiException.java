package io.crmsync.admin;

/**
 * A refused administrative request: the HTTP status, a message that says what to fix and, when one
 * input is at fault, its name (so the settings page can show the message next to that input). A
 * refusal the settings page can word in its own language also carries a code and the values the
 * message names ({@link #coded}); the API answers with the English message either way.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String field;
  private final String code;
  private final transient Object[] args;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, String field) {
    this(status, message, field, null, new Object[0]);
  }

  private ApiException(int status, String message, String field, String code, Object[] args) {
    super(message);
    this.status = status;
    this.field = field;
    this.code = code;
    this.args = args;
  }

  /** The same refusal with a code (e.g. {@code folder.missing}) and the values its message names. */
  public ApiException coded(String code, Object... args) {
    return new ApiException(status, getMessage(), field, code, args.clone());
  }

  /** The code of this kind of refusal, or null when it has none. */
  public String code() {
    return code;
  }

  /** The values the message names, in the order the code's texts use them. */
  public Object[] args() {
    return args.clone();
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

package io.crmsync.transport.http;

import io.crmsync.security.Discovery;
import io.crmsync.security.Signatures;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The active side of connecting by address: asks the program at an address ({@code
 * https://crm.example.com} or {@code …/crmsync}) for its id and time ({@code GET api/connect}),
 * then which of its passive syncs has the password ({@code POST api/connect}, signed with the
 * discovery key, see {@link Discovery}), and checks the answer's signature. The result is the
 * passive sync's peer URL, used from then on exactly like a pasted one.
 */
public final class PeerDiscovery {
  public static final String PATH = "api/connect";
  public static final String PROGRAM = "X-CrmSync-Program";
  private static final Pattern ADDRESS = Pattern.compile("^https?://[^/\\s?#@]+(/[^\\s?#]*)?$");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private PeerDiscovery() {}

  /** Why a discovery failed; the message says what to fix. */
  public enum Problem { UNREACHABLE, WRONG_PASSWORD, AMBIGUOUS, LOCKED_OUT, CLOCK }

  public static final class DiscoveryException extends Exception {
    private final Problem problem;

    DiscoveryException(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** What the program at an address said about itself; {@code skewMillis}: its clock minus ours. */
  public record Hello(String base, String programId, long skewMillis, long maxSkewSeconds) {}

  /** The passive sync found: its peer URL. */
  public record Found(Hello hello, String syncKey) {
    public String peerUrl() {
      return PeerUrls.of(hello.base(), syncKey);
    }
  }

  /**
   * A client per lookup: lookups are rare (saving a sync, a test), and a client kept in a static
   * field would keep its thread, and with it the application's class loader, after an undeploy.
   */
  private static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Whether the text is a program's address (not a peer URL: that one is used as it is). */
  public static boolean isAddress(String text) {
    return text != null && ADDRESS.matcher(text.trim()).matches() && !PeerUrls.isValid(text.trim());
  }

  /** The base URLs (ending in "/") where crm-sync may be at this address, most likely first. */
  static List<String> bases(String address) {
    String a = address.trim();
    while (a.endsWith("/")) {
      a = a.substring(0, a.length() - 1);
    }
    List<String> out = new ArrayList<>();
    if (!a.endsWith("/crmsync")) {
      out.add(a + "/crmsync/");
    }
    out.add(a + "/");
    return out;
  }

  /** The first base of the address that answers as crm-sync. */
  public static Hello hello(String address) throws DiscoveryException {
    List<String> problems = new ArrayList<>();
    for (String base : bases(address)) {
      try {
        return helloAt(base);
      } catch (IOException | JsonException | ClassCastException | NullPointerException e) {
        problems.add(base + PATH + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DiscoveryException(Problem.UNREACHABLE, "interrupted");
      }
    }
    throw new DiscoveryException(Problem.UNREACHABLE, "no crm-sync program answers at " + address.trim()
        + " (" + String.join("; ", problems) + "): check the address, and that the program runs and is reachable from here");
  }

  private static Hello helloAt(String base) throws IOException, InterruptedException {
    long before = System.currentTimeMillis();
    HttpResponse<String> r = http().send(
        HttpRequest.newBuilder(URI.create(base + PATH)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    long after = System.currentTimeMillis();
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode());
    }
    JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
    String programId = o.getString("programId");
    long time = o.getJsonNumber("time").longValue();
    return new Hello(base, programId, time - (before + after) / 2, o.getJsonNumber("maxClockSkewSeconds").longValue());
  }

  /** Finds the passive sync with this password at the address. */
  public static Found find(String address, String password) throws DiscoveryException {
    Hello hello = hello(address);
    String key = Discovery.key(password, hello.programId());
    long time = System.currentTimeMillis();
    String nonce = Signatures.newNonce();
    HttpResponse<String> r;
    try {
      r = http().send(
          HttpRequest.newBuilder(URI.create(hello.base() + PATH)).timeout(TIMEOUT)
              .header(Signatures.TIME, Long.toString(time)).header(Signatures.NONCE, nonce)
              .header(Signatures.SIGNATURE, Signatures.signDiscovery(key, hello.programId(), time, nonce))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DiscoveryException(Problem.UNREACHABLE, "the program at " + hello.base() + " stopped answering: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException(Problem.UNREACHABLE, "interrupted");
    }
    String error = error(r.body());
    switch (r.statusCode()) {
      case 200 -> {
        return found(hello, key, nonce, r.body());
      }
      case 401 -> throw error.contains(HttpClientTransport.CLOCK_SKEW)
          ? new DiscoveryException(Problem.CLOCK, "the remote program refused: " + error)
          : new DiscoveryException(Problem.WRONG_PASSWORD, "the password matches no passive HTTP sync of the program at "
              + hello.base() + ": check the password (a passive sync saved by an older crm-sync"
              + " needs its password saved once more there, or paste its peer URL)");
      case 409 -> throw new DiscoveryException(Problem.AMBIGUOUS, "the remote program refused: " + error);
      case 429 -> throw new DiscoveryException(Problem.LOCKED_OUT, "the remote program refused: " + error);
      default -> throw new DiscoveryException(Problem.UNREACHABLE,
          "the program at " + hello.base() + " answered HTTP " + r.statusCode() + (error.isEmpty() ? "" : ": " + error));
    }
  }

  private static Found found(Hello hello, String key, String nonce, String body) throws DiscoveryException {
    try {
      JsonObject o = Json.createReader(new StringReader(body)).readObject();
      String syncKey = o.getString("syncKey");
      if (!Signatures.same(Signatures.signDiscoveryAnswer(key, nonce, syncKey), o.getString("signature"))
          || !syncKey.matches("[0-9a-f-]{36}")) {
        throw new DiscoveryException(Problem.UNREACHABLE,
            "the answer of " + hello.base() + " is not signed with the password: is it the program you meant?");
      }
      return new Found(hello, syncKey);
    } catch (JsonException | ClassCastException | NullPointerException e) {
      throw new DiscoveryException(Problem.UNREACHABLE, "the program at " + hello.base() + " gave an answer that is not crm-sync's");
    }
  }

  private static String error(String body) {
    try {
      return Json.createReader(new StringReader(body)).readObject().getString("error", "");
    } catch (JsonException | ClassCastException | IllegalStateException e) {
      return "";
    }
  }
}

package io.crmsync.admin;

import io.crmsync.settings.Settings;
import io.crmsync.transport.http.PeerDiscovery;
import io.crmsync.transport.http.PeerDiscovery.DiscoveryException;
import io.crmsync.transport.http.PeerDiscovery.Found;
import io.crmsync.transport.http.PeerDiscovery.Hello;
import io.crmsync.transport.http.PeerUrls;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Connecting an active HTTP sync as the product page says: by the remote program's address and
 * the password (the passive sync there is found by its password), or by a pasted peer URL as
 * before; and the connection test behind the form's button and {@code POST /connection-test}.
 */
@ApplicationScoped
public class Connector {

  /** Where an active sync sends its exchanges: the peer URL, and the address it was found at. */
  public record Target(String peerUrl, String address) {}

  /** What the connection test found; {@code passwordMatches} null when it was not asked. */
  public record Report(
      boolean reachable, Boolean passwordMatches, Long clockSkewSeconds, Boolean clockOk, String peerUrl,
      String message) {}

  /** The peer URL itself, or the one found at an address with the password (400 if none). */
  public Target target(String remoteUrl, String password) {
    String url = remoteUrl.trim();
    if (PeerUrls.isValid(url)) {
      return new Target(url, null);
    }
    try {
      return new Target(PeerDiscovery.find(url, password).peerUrl(), url);
    } catch (DiscoveryException e) {
      String field = e.problem() == PeerDiscovery.Problem.WRONG_PASSWORD ? "password" : "remoteUrl";
      throw ApiException.invalid(field, e.getMessage());
    }
  }

  /** Whether the address answers, the password matches a passive sync there, and the clocks agree. */
  public Report test(String remoteUrl, String password) {
    if (remoteUrl == null || !(PeerUrls.isValid(remoteUrl.trim()) || PeerDiscovery.isAddress(remoteUrl))) {
      throw ApiException.invalid("remoteUrl", "remoteUrl must be the remote program's address, e.g."
          + " https://crm.example.com or https://crm.example.com/crmsync, or a peer URL (got " + remoteUrl + ")");
    }
    String url = remoteUrl.trim();
    String address = PeerUrls.isValid(url) ? url.substring(0, url.indexOf("/" + PeerUrls.PATH)) : url;
    Hello hello;
    try {
      hello = PeerDiscovery.hello(address);
    } catch (DiscoveryException e) {
      return new Report(false, null, null, null, null, e.getMessage());
    }
    long skew = Math.round(hello.skewMillis() / 1000.0);
    // The remote program refuses requests beyond its own limit; ours for the answers it sends.
    long limit = Math.min(hello.maxSkewSeconds(), Settings.getInt(Settings.MAX_CLOCK_SKEW, 300));
    boolean clockOk = Math.abs(skew) <= limit;
    String clock = clockOk
        ? "the clocks agree (" + skew + " s apart)"
        : "the clocks are " + skew + " s apart, more than the " + limit + " s allowed: set both servers' clocks right (NTP)";
    if (password == null || password.isEmpty()) {
      return new Report(true, null, skew, clockOk, null, "the remote program answers at " + hello.base() + "; " + clock
          + "; enter the password to check it too");
    }
    try {
      Found found = PeerDiscovery.find(address, password);
      boolean same = !PeerUrls.isValid(url) || PeerUrls.syncKeyOf(url).equals(found.syncKey());
      if (!same) {
        return new Report(true, false, skew, clockOk, null, "the password belongs to another passive sync than the"
            + " peer URL's; " + clock);
      }
      return new Report(true, true, skew, clockOk, found.peerUrl(), "the remote program answers, the password"
          + " matches its passive sync, " + clock);
    } catch (DiscoveryException e) {
      return new Report(true, e.problem() == PeerDiscovery.Problem.WRONG_PASSWORD ? false : null, skew, clockOk, null,
          e.getMessage() + "; " + clock);
    }
  }
}

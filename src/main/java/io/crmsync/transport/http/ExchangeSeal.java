package io.crmsync.transport.http;

import io.crmsync.blob.BlobRef;

/**
 * What an HTTP exchange's sealed messages are bound to (associated data): a request to its sync,
 * an answer to the request it answers, a large value to its sync and reference. Both sides build
 * the same strings here.
 */
public final class ExchangeSeal {
  /** Exchange bodies are sealed bytes, not JSON. */
  public static final String MEDIA_TYPE = "application/vnd.crmsync.sealed";

  private ExchangeSeal() {}

  public static String request(String syncKey) {
    return "crmsync exchange request " + syncKey;
  }

  public static String answer(String syncKey, String requestNonce) {
    return "crmsync exchange answer " + syncKey + " " + requestNonce;
  }

  public static String blob(String syncKey, BlobRef ref) {
    return "crmsync exchange blob " + syncKey + " " + ref.text();
  }
}

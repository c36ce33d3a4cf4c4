package io.crmsync.transport.folder;

import io.crmsync.settings.Settings;
import io.crmsync.config.FtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/** Opens a logged-in FTP or explicit FTPS session: passive mode, binary transfers. */
final class FtpConnector {
  private static final Logger LOG = Logger.getLogger(FtpConnector.class.getName());

  private FtpConnector() {}

  static FTPClient connect(FtpServer server, Duration timeout) throws IOException {
    FTPClient c = server.tls() ? ftpsClient() : new FTPClient();
    int millis = (int) timeout.toMillis();
    c.setConnectTimeout(millis);
    c.setDefaultTimeout(millis);
    c.setDataTimeout(timeout);
    c.setControlKeepAliveReplyTimeout(timeout);
    try {
      c.connect(server.host(), server.port());
      if (!FTPReply.isPositiveCompletion(c.getReplyCode())) {
        throw new IOException("the server refused the connection: " + FtpDialect.reply(c));
      }
      c.setSoTimeout(millis);
      if (c instanceof FTPSClient s) {
        s.execPBSZ(0);
        s.execPROT("P");
      }
      if (!c.login(server.user(), server.password() == null ? "" : server.password())) {
        throw new IOException("login refused for user " + server.user() + ": " + FtpDialect.reply(c));
      }
      c.enterLocalPassiveMode();
      if (!c.setFileType(FTP.BINARY_FILE_TYPE)) {
        throw new IOException("binary mode refused: " + FtpDialect.reply(c));
      }
    } catch (IOException e) {
      quietly(c);
      throw e;
    }
    return c;
  }

  /**
   * An explicit FTPS client. The server's certificate is checked against the JVM's trust store, or
   * against {@code crmsync.ftp.trustStore} (PKCS12 or JKS; password in
   * {@code crmsync.ftp.trustStorePassword}) for an FTP server with its own certificate authority.
   */
  private static FTPSClient ftpsClient() throws IOException {
    FTPSClient c = new FTPSClient(false);
    Optional<String> store = Settings.get(Settings.FTP_TRUST_STORE);
    if (store.isPresent()) {
      try (InputStream in = Files.newInputStream(Path.of(store.get()))) {
        char[] password = Settings.get(Settings.FTP_TRUST_STORE_PASSWORD, "").toCharArray();
        KeyStore ks = KeyStore.getInstance(store.get().endsWith(".jks") ? "JKS" : "PKCS12");
        ks.load(in, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        c.setTrustManager(tmf.getTrustManagers()[0]);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot use the FTP trust store " + store.get() + ": " + e.getMessage(), e);
      }
    }
    return c;
  }

  static void quietly(FTPClient c) {
    try {
      if (c.isConnected()) {
        c.disconnect();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "crm-sync: closing an FTP connection failed", e);
    }
  }
}

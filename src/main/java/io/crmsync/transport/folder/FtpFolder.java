package io.crmsync.transport.folder;

import io.crmsync.blob.BlobSpool;
import io.crmsync.blob.BoundedOutputStream;
import io.crmsync.config.FtpServer;
import io.crmsync.settings.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Folders on an FTP server (Apache Commons Net): passive mode, binary transfers, explicit FTPS
 * when configured. One connection is kept between cycles; after any failure it is dropped, and
 * the next call connects again, so a server that went away and came back is simply used again.
 */
public final class FtpFolder implements Folder {
  private static final Logger LOG = Logger.getLogger(FtpFolder.class.getName());
  private static final int REPLY_FILE_UNAVAILABLE = 550;

  private final FtpServer server;
  private final Duration timeout;
  private FTPClient ftp;

  public FtpFolder(FtpServer server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
  }

  @Override
  public synchronized List<String> list(String dir) throws IOException {
    return call(
        c -> {
          FTPFile[] files = c.listFiles(dir);
          check(c, "cannot list folder " + dir);
          List<String> names = new ArrayList<>();
          for (FTPFile f : files) {
            if (f != null && f.isFile()) {
              String n = f.getName();
              names.add(n.substring(n.lastIndexOf('/') + 1));
            }
          }
          return names;
        });
  }

  @Override
  public synchronized byte[] read(String dir, String name, long max) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    return call(
        c -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          boolean read;
          try {
            read = c.retrieveFile(path, new BoundedOutputStream(out, max));
          } catch (IOException e) {
            // Commons Net wraps what the stream throws (CopyStreamException).
            for (Throwable t = e; t != null; t = t.getCause()) {
              if (t instanceof BlobSpool.MismatchException) {
                throw new IOException("file " + path + " is larger than " + max + " bytes", e);
              }
            }
            throw e;
          }
          if (!read) {
            if (c.getReplyCode() == REPLY_FILE_UNAVAILABLE) {
              return null;
            }
            throw new IOException("cannot read " + path + ": " + c.getReplyString().trim());
          }
          return out.toByteArray();
        });
  }

  @Override
  public synchronized void writeStream(String dir, String name, InputStream content) throws IOException {
    String target = dir + "/" + Folder.checkName(name);
    String temp = dir + "/." + name + ".tmp";
    // Retried on a fresh connection only from the start of the content: a stream read already
    // would leave an empty or truncated file under the final name, which the peer quarantines.
    boolean rewindable = content.markSupported();
    if (rewindable) {
      content.mark(Integer.MAX_VALUE);
    }
    call(
        rewindable ? content::reset : null,
        c -> {
          if (!c.storeFile(temp, content)) {
            throw new IOException("cannot write " + temp + ": " + c.getReplyString().trim());
          }
          if (!c.rename(temp, target)) {
            // Some servers refuse to rename onto an existing file: remove it, then rename.
            c.deleteFile(target);
            if (!c.rename(temp, target)) {
              throw new IOException("cannot rename " + temp + " to " + target + ": " + c.getReplyString().trim());
            }
          }
          return null;
        });
  }

  @Override
  public synchronized boolean readStream(String dir, String name, OutputStream out) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    // Not retried: what reached {@code out} before a failure cannot be taken back.
    return call(
        null,
        c -> {
          if (c.retrieveFile(path, out)) {
            return true;
          }
          if (c.getReplyCode() == REPLY_FILE_UNAVAILABLE) {
            return false;
          }
          throw new IOException("cannot read " + path + ": " + c.getReplyString().trim());
        });
  }

  @Override
  public synchronized void delete(String dir, String name) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    call(
        c -> {
          if (!c.deleteFile(path) && c.getReplyCode() != REPLY_FILE_UNAVAILABLE) {
            throw new IOException("cannot delete " + path + ": " + c.getReplyString().trim());
          }
          return null;
        });
  }

  @Override
  public synchronized void moveAside(String dir, String name, String sub, String newName) throws IOException {
    String from = dir + "/" + Folder.checkName(name);
    String subDir = dir + "/" + Folder.checkName(sub);
    String to = subDir + "/" + Folder.checkName(newName);
    call(
        c -> {
          c.makeDirectory(subDir); // fails harmlessly when it exists
          if (!c.rename(from, to) && c.getReplyCode() != REPLY_FILE_UNAVAILABLE) {
            throw new IOException("cannot move " + from + " to " + to + ": " + c.getReplyString().trim());
          }
          return null;
        });
  }

  @Override
  public synchronized void checkWritable(String dir) throws IOException {
    String probe = ".crmsync-probe.tmp";
    call(
        c -> {
          if (!c.changeWorkingDirectory(dir)) {
            throw new IOException("FTP folder " + dir + " does not exist on " + server.host());
          }
          if (!c.storeFile(dir + "/" + probe, new ByteArrayInputStream(new byte[0]))) {
            throw new IOException("FTP folder " + dir + " is read-only for user " + server.user()
                + ": " + c.getReplyString().trim());
          }
          c.deleteFile(dir + "/" + probe);
          return null;
        });
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private interface FtpWork<T> {
    T run(FTPClient c) throws IOException;
  }

  /** What brings a call's input back to its start before it is tried again. */
  private interface Rewind {
    void run() throws IOException;
  }

  private <T> T call(FtpWork<T> work) throws IOException {
    return call(() -> {}, work);
  }

  /**
   * Runs {@code work} on the kept connection. If that connection turns out dead (the server
   * restarted since the last cycle, or dropped the session), the work runs once more on a fresh
   * one, after {@code rewind}; a null {@code rewind} means the work cannot be repeated.
   */
  private <T> T call(Rewind rewind, FtpWork<T> work) throws IOException {
    boolean reused = ftp != null && ftp.isConnected();
    try {
      return work.run(connected());
    } catch (FTPConnectionClosedException | SocketException e) {
      disconnect();
      if (!reused || rewind == null) {
        throw new IOException("FTP " + server + ": " + e.getMessage(), e);
      }
      rewind.run();
      return call(null, work);
    } catch (IOException | RuntimeException e) {
      disconnect();
      if (e instanceof IOException io) {
        throw new IOException("FTP " + server + ": " + io.getMessage(), io);
      }
      throw e;
    }
  }

  private FTPClient connected() throws IOException {
    if (ftp != null && ftp.isConnected()) {
      return ftp;
    }
    FTPClient c = server.tls() ? ftpsClient() : new FTPClient();
    int millis = (int) timeout.toMillis();
    c.setConnectTimeout(millis);
    c.setDefaultTimeout(millis);
    c.setDataTimeout(timeout);
    c.setControlKeepAliveReplyTimeout(timeout);
    try {
      c.connect(server.host(), server.port());
      if (!FTPReply.isPositiveCompletion(c.getReplyCode())) {
        throw new IOException("the server refused the connection: " + c.getReplyString().trim());
      }
      c.setSoTimeout(millis);
      if (c instanceof FTPSClient s) {
        s.execPBSZ(0);
        s.execPROT("P");
      }
      if (!c.login(server.user(), server.password() == null ? "" : server.password())) {
        throw new IOException("login refused for user " + server.user() + ": " + c.getReplyString().trim());
      }
      c.enterLocalPassiveMode();
      // LIST -a: temporary files start with a dot, and most servers hide those from a plain LIST;
      // then the one an interrupted upload left behind would never be seen, so never removed.
      c.setListHiddenFiles(true);
      if (!c.setFileType(FTP.BINARY_FILE_TYPE)) {
        throw new IOException("binary mode refused: " + c.getReplyString().trim());
      }
    } catch (IOException e) {
      quietly(c);
      throw e;
    }
    ftp = c;
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

  private static void check(FTPClient c, String what) throws IOException {
    if (!FTPReply.isPositiveCompletion(c.getReplyCode())) {
      throw new IOException(what + ": " + c.getReplyString().trim());
    }
  }

  private void disconnect() {
    if (ftp != null) {
      quietly(ftp);
      ftp = null;
    }
  }

  private static void quietly(FTPClient c) {
    try {
      if (c.isConnected()) {
        c.disconnect();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "crm-sync: closing an FTP connection failed", e);
    }
  }
}

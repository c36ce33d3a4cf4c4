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
import java.time.Duration;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;

/**
 * Folders on an FTP server (Apache Commons Net): passive mode, binary transfers, explicit FTPS
 * when configured. One connection is kept between cycles; after any failure it is dropped, and
 * the next call connects again, so a server that went away and came back is simply used again.
 * What differs between servers (listing, replacing, telling a missing file from a refusal) is
 * {@link FtpDialect}'s, learnt again with each connection.
 *
 * <p>Every upload goes to the folder's one temporary name {@link BatchFiles#FTP_UPLOAD_TEMP} and
 * is renamed when complete. A server that hides dot files never shows the cycle what an
 * interrupted upload left, so that file is not deleted there; with one name per folder it is
 * overwritten by the next upload into the folder and renamed away with it.
 */
public final class FtpFolder implements Folder {
  private final FtpServer server;
  private final Duration timeout;
  private FtpDialect session;

  public FtpFolder(FtpServer server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
  }

  @Override
  public synchronized List<String> list(String dir) throws IOException {
    return call(s -> s.list(dir));
  }

  @Override
  public synchronized byte[] read(String dir, String name, long max) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    return call(
        s -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try {
            return s.retrieve(path, new BoundedOutputStream(out, max)) ? out.toByteArray() : null;
          } catch (IOException e) {
            // Commons Net wraps what the stream throws (CopyStreamException).
            for (Throwable t = e; t != null; t = t.getCause()) {
              if (t instanceof BlobSpool.MismatchException) {
                throw new IOException("file " + path + " is larger than " + max + " bytes", e);
              }
            }
            throw e;
          }
        });
  }

  @Override
  public synchronized void writeStream(String dir, String name, InputStream content) throws IOException {
    String target = dir + "/" + Folder.checkName(name);
    String temp = dir + "/" + BatchFiles.FTP_UPLOAD_TEMP;
    // Retried on a fresh connection only from the start of the content: a stream read already
    // would leave an empty or truncated file under the final name, which the peer quarantines.
    boolean rewindable = content.markSupported();
    if (rewindable) {
      content.mark(Integer.MAX_VALUE);
    }
    call(
        rewindable ? content::reset : null,
        s -> {
          s.store(temp, content);
          s.replace(temp, target);
          return null;
        });
  }

  @Override
  public synchronized boolean readStream(String dir, String name, OutputStream out) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    // Not retried: what reached {@code out} before a failure cannot be taken back.
    return call(null, s -> s.retrieve(path, out));
  }

  @Override
  public synchronized void delete(String dir, String name) throws IOException {
    String path = dir + "/" + Folder.checkName(name);
    call(s -> s.delete(path));
  }

  @Override
  public synchronized void moveAside(String dir, String name, String sub, String newName) throws IOException {
    String from = dir + "/" + Folder.checkName(name);
    String subDir = dir + "/" + Folder.checkName(sub);
    String to = subDir + "/" + Folder.checkName(newName);
    call(
        s -> {
          s.client().makeDirectory(subDir); // refused when it exists; the move then says the rest
          return s.move(from, to);
        });
  }

  @Override
  public synchronized void removeEmptyFolder(String dir, String sub) throws IOException {
    String subDir = dir + "/" + Folder.checkName(sub);
    call(
        s -> {
          // RMD refuses a folder that still holds anything, also files a listing may hide.
          if (s.client().changeWorkingDirectory(subDir) && s.list(subDir).isEmpty()) {
            s.client().changeWorkingDirectory(dir);
            s.client().removeDirectory(subDir);
          }
          return null;
        });
  }

  @Override
  public synchronized void checkWritable(String dir) throws IOException {
    String probe = dir + "/.crmsync-probe.tmp";
    call(
        s -> {
          if (!s.client().changeWorkingDirectory(dir)) {
            throw new IOException("FTP folder " + dir + " does not exist on " + server.host()
                + ": " + FtpDialect.reply(s.client()));
          }
          try {
            s.store(probe, new ByteArrayInputStream(new byte[0]));
          } catch (IOException e) {
            throw new IOException("FTP folder " + dir + " is read-only for user " + server.user()
                + " (" + e.getMessage() + ")", e);
          }
          s.delete(probe);
          return null;
        });
  }

  /** The listing form of the current connection (for tests and diagnostics); null if none. */
  synchronized FtpListing.Form listingForm() {
    return session == null ? null : session.listingForm();
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private interface FtpWork<T> {
    T run(FtpDialect s) throws IOException;
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
    boolean reused = session != null && session.client().isConnected();
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

  private FtpDialect connected() throws IOException {
    if (session != null && session.client().isConnected()) {
      return session;
    }
    FTPClient c = FtpConnector.connect(server, timeout);
    try {
      session = new FtpDialect(c);
    } catch (IOException | RuntimeException e) {
      FtpConnector.quietly(c);
      throw e;
    }
    return session;
  }

  private void disconnect() {
    if (session != null) {
      FtpConnector.quietly(session.client());
      session = null;
    }
  }
}

package io.crmsync.transport.folder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPReply;

/**
 * The commands whose form or answer differs between FTP servers, for one connection. What the
 * standards leave open is decided by what this server says: its {@code FEAT} list (RFC 2389) and
 * its reply codes; what it refused once is remembered until the connection ends. Every refusal
 * names the server's answer.
 */
final class FtpDialect {
  private static final int FILE_UNAVAILABLE = 550;

  private final FTPClient c;
  private final FtpListing listing = new FtpListing();
  /** RFC 959 does not say whether RNTO replaces an existing file; until refused, assume it does. */
  private boolean renameReplaces = true;

  FtpDialect(FTPClient c) throws IOException {
    this.c = c;
    // EPSV (RFC 2428) answers only a port and the data connection goes to the address the control
    // connection uses, so a server behind NAT that names its private address works. PASV stays for
    // servers that do not offer EPSV, with Commons Net's workaround for a site-local PASV address.
    c.setUseEPSVwithIPv4(c.hasFeature(FTPCmd.EPSV));
  }

  FTPClient client() {
    return c;
  }

  /** The server's last answer on one line, for messages. */
  static String reply(FTPClient c) {
    String r = c.getReplyString();
    return r == null ? "(no answer)" : r.trim().replaceAll("\\s*\r?\n\\s*", " ");
  }

  List<String> list(String dir) throws IOException {
    return listing.files(c, dir);
  }

  /** The listing form this connection uses, null before its first listing. */
  FtpListing.Form listingForm() {
    return listing.form();
  }

  /**
   * Uploads {@code content} to {@code path}. A server may refuse to overwrite (ProFTPD without
   * {@code AllowOverwrite}): then the old file is deleted and the upload tried again, which is
   * safe only while not a byte of the content was taken.
   */
  void store(String path, InputStream content) throws IOException {
    Counting in = new Counting(content);
    if (c.storeFile(path, in)) {
      return;
    }
    String refused = reply(c);
    if (in.count == 0 && FTPReply.isNegativePermanent(c.getReplyCode()) && exists(path) == Boolean.TRUE) {
      delete(path);
      if (c.storeFile(path, in)) {
        return;
      }
      refused = reply(c);
    }
    throw new IOException("cannot write " + path + ": " + refused);
  }

  /** Renames {@code from} to {@code to}, replacing a file of that name. */
  void replace(String from, String to) throws IOException {
    if (renameReplaces) {
      if (rename(from, to)) {
        return;
      }
      String refused = reply(c);
      if (!FTPReply.isNegativePermanent(c.getReplyCode()) || exists(to) != Boolean.TRUE) {
        throw new IOException("cannot rename " + from + " to " + to + ": " + refused);
      }
      renameReplaces = false;
    }
    delete(to);
    if (!rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to + ": " + reply(c));
    }
  }

  /** Moves a file to a new name; false when the file was already gone. */
  boolean move(String from, String to) throws IOException {
    int r = c.rnfr(from);
    if (FTPReply.isPositiveIntermediate(r) && FTPReply.isPositiveCompletion(c.rnto(to))) {
      return true;
    }
    return gone(from, "cannot move " + from + " to " + to);
  }

  /** Deletes a file; false when it was not there (however the server says so). */
  boolean delete(String path) throws IOException {
    return c.deleteFile(path) || gone(path, "cannot delete " + path);
  }

  /**
   * Streams a file to {@code out}; false when there is no such file. A file the other program is
   * replacing (deleted, then the new one renamed into place, on a server that will not rename onto a
   * file) is missing for a moment: when the server says it is not there, it is asked whether the
   * file exists, and read again (at most twice more) when it does, instead of failing the cycle
   * (seen with Apache FtpServer in ChainIT).
   */
  boolean retrieve(String path, OutputStream out) throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (c.retrieveFile(path, out)) {
        return true;
      }
      if (c.getReplyCode() != FILE_UNAVAILABLE || attempt == 2) {
        return gone(path, "cannot read " + path);
      }
      Boolean there = exists(path);
      if (there == null) {
        return gone(path, "cannot read " + path);
      }
      if (!there) {
        return false;
      }
    }
  }

  /**
   * Whether a file exists, asked the way the server offers: {@code MLST} or {@code SIZE} (RFC
   * 3659); null when it offers neither.
   */
  Boolean exists(String path) throws IOException {
    for (FTPCmd ask : List.of(FTPCmd.MLST, FTPCmd.SIZE)) {
      if (c.hasFeature(ask)) {
        int r = c.sendCommand(ask, path);
        if (FTPReply.isPositiveCompletion(r)) {
          return true;
        }
        if (r == FILE_UNAVAILABLE) {
          return false;
        }
      }
    }
    return null;
  }

  /**
   * After a refused command on {@code path}: false when the file is not there, else an error
   * naming the refusal. A server offering neither MLST nor SIZE is taken at its 550 ("file
   * unavailable", RFC 959).
   */
  private boolean gone(String path, String what) throws IOException {
    String refused = reply(c);
    int code = c.getReplyCode();
    if (!FTPReply.isNegativePermanent(code) && !FTPReply.isNegativeTransient(code)) {
      throw new IOException(what + ": " + refused);
    }
    Boolean there = exists(path);
    if (there == Boolean.FALSE || (there == null && code == FILE_UNAVAILABLE)) {
      return false;
    }
    throw new IOException(what + ": " + refused);
  }

  private boolean rename(String from, String to) throws IOException {
    if (!FTPReply.isPositiveIntermediate(c.rnfr(from))) {
      throw new IOException("cannot rename " + from + " to " + to + ": " + reply(c));
    }
    return FTPReply.isPositiveCompletion(c.rnto(to));
  }

  /** Counts what the upload took from the content. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }
}

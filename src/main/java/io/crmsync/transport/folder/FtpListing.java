package io.crmsync.transport.folder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileFilters;
import org.apache.commons.net.ftp.FTPReply;

/**
 * How one FTP server lists the files of a folder. The folder is always entered with {@code CWD}
 * first and listed without a path argument, so no server has to tell an option from a path. The
 * form is found at the first listing of a connection and kept for the connection's life:
 *
 * <ol>
 *   <li>{@code MLSD} when {@code FEAT} offers {@code MLST} (RFC 3659: a machine-readable format
 *       that says which entries are files);
 *   <li>{@code LIST -a}, kept only when the answer shows {@code .} or {@code ..}: the proof that the
 *       server read {@code -a} as the ls option (that also shows dot files) and not as a name;
 *   <li>plain {@code LIST}, kept when every line parses (both LIST forms need a {@code SYST}
 *       answer, which picks the parser);
 *   <li>{@code NLST} (names only, subfolders included; callers pick their files by name).
 * </ol>
 */
final class FtpListing {
  private static final Logger LOG = Logger.getLogger(FtpListing.class.getName());

  /** The listing commands, most informative first. */
  enum Form {
    MLSD,
    LIST_ALL,
    LIST,
    NLST
  }

  /**
   * Replies that say "not this form here" (not understood, not implemented, not a name it knows).
   * 450 and 550 count too: the folder was entered just before, so they are about the command.
   */
  private static final Set<Integer> FORM_REFUSED = Set.of(450, 500, 501, 502, 504, 550);

  private Form form;

  /** The form in use; null before the first listing of the connection. */
  Form form() {
    return form;
  }

  /** The names of the plain files in {@code dir} (subfolders too with NLST). */
  List<String> files(FTPClient c, String dir) throws IOException {
    if (!c.changeWorkingDirectory(dir)) {
      throw new IOException("cannot list folder " + dir + ": " + FtpDialect.reply(c));
    }
    if (form != null) {
      List<String> names = run(c, form);
      if (names == null) {
        throw new IOException("cannot list folder " + dir + " (" + form + "): " + FtpDialect.reply(c));
      }
      return names;
    }
    Boolean systemKnown = null;
    for (Form f : Form.values()) {
      if (f == Form.MLSD && !c.hasFeature(FTPCmd.MLST)) {
        continue;
      }
      if (f == Form.LIST_ALL || f == Form.LIST) {
        // Commons Net picks the LIST parser by the SYST answer and cannot parse without one.
        systemKnown = systemKnown != null ? systemKnown : FTPReply.isPositiveCompletion(c.syst());
        if (!systemKnown) {
          continue;
        }
      }
      List<String> names = run(c, f);
      if (names != null) {
        LOG.log(Level.FINE, "crm-sync: FTP {0} lists folders with {1}",
            new Object[] {c.getRemoteAddress(), f});
        form = f;
        return names;
      }
      if (!FORM_REFUSED.contains(c.getReplyCode()) && !FTPReply.isPositiveCompletion(c.getReplyCode())) {
        throw new IOException("cannot list folder " + dir + " (" + f + "): " + FtpDialect.reply(c));
      }
    }
    throw new IOException("cannot list folder " + dir + ": no listing command worked, the last answer "
        + FtpDialect.reply(c));
  }

  /** The files the form lists in the working folder; null when the form does not work here. */
  private static List<String> run(FTPClient c, Form f) throws IOException {
    switch (f) {
      case MLSD -> {
        FTPFile[] entries = c.mlistDir();
        return FTPReply.isPositiveCompletion(c.getReplyCode()) ? plainFiles(entries) : null;
      }
      case LIST_ALL, LIST -> {
        c.setListHiddenFiles(f == Form.LIST_ALL);
        FTPFile[] entries = c.initiateListParsing().getFiles(FTPFileFilters.ALL);
        if (!FTPReply.isPositiveCompletion(c.getReplyCode()) || !allParsed(entries)) {
          return null;
        }
        return f == Form.LIST || showsDotEntries(entries) ? plainFiles(entries) : null;
      }
      case NLST -> {
        String[] names = c.listNames();
        if (names == null) {
          // RFC 959 allows 450/550 for "no files"; the folder itself was just entered.
          return c.getReplyCode() == 450 || c.getReplyCode() == 550 ? List.of() : null;
        }
        List<String> result = new ArrayList<>();
        for (String n : names) {
          String name = n.substring(n.lastIndexOf('/') + 1).trim();
          if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) {
            result.add(name);
          }
        }
        return result;
      }
      default -> throw new IllegalStateException(f.name());
    }
  }

  private static boolean allParsed(FTPFile[] entries) {
    for (FTPFile e : entries) {
      if (e == null) {
        return false;
      }
    }
    return true;
  }

  private static boolean showsDotEntries(FTPFile[] entries) {
    for (FTPFile e : entries) {
      if (e.getName().equals(".") || e.getName().equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> plainFiles(FTPFile[] entries) {
    List<String> names = new ArrayList<>();
    for (FTPFile e : entries) {
      if (e != null && e.isFile()) {
        String n = e.getName();
        names.add(n.substring(n.lastIndexOf('/') + 1));
      }
    }
    return names;
  }
}

package io.crmsync.transport.folder;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A place holding the two folders of a sync: a local file system or an FTP server. File names are
 * single path segments made by crm-sync itself; folders are the configured absolute paths.
 */
public interface Folder extends Closeable {
  /** The names of the plain files in a folder. */
  List<String> list(String dir) throws IOException;

  /** A file's content, or null if it is gone; more than {@code max} bytes is an error. */
  byte[] read(String dir, String name, long max) throws IOException;

  /** Writes a file under a temporary name, then renames it, replacing an older file of that name. */
  default void write(String dir, String name, byte[] content) throws IOException {
    writeStream(dir, name, new ByteArrayInputStream(content));
  }

  /** As {@link #write}, with the content streamed. */
  void writeStream(String dir, String name, InputStream content) throws IOException;

  /** Streams a file's content to {@code out}; false if the file is gone. */
  boolean readStream(String dir, String name, OutputStream out) throws IOException;

  /** Deletes a file; one already gone is fine. */
  void delete(String dir, String name) throws IOException;

  /** Moves a file into the subfolder {@code sub} of its folder (created if missing) as {@code newName}. */
  void moveAside(String dir, String name, String sub, String newName) throws IOException;

  /** Removes the subfolder {@code sub} of {@code dir} if it holds nothing; one holding anything is kept. */
  void removeEmptyFolder(String dir, String sub) throws IOException;

  /** Fails with a clear message unless the folder exists and this program can write into it. */
  void checkWritable(String dir) throws IOException;

  @Override
  void close();

  /** File names must be one plain segment: nothing that could leave the folder. */
  static String checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}|\\.[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
        || name.contains("..")) {
      throw new IllegalArgumentException("not a crm-sync file name: " + name);
    }
    return name;
  }
}

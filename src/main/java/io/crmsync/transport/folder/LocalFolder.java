package io.crmsync.transport.folder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Folders on this machine (the LOCAL transport). */
public final class LocalFolder implements Folder {

  @Override
  public List<String> list(String dir) throws IOException {
    Path d = existing(dir);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(d)) {
      files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public byte[] read(String dir, String name, long max) throws IOException {
    Path p = existing(dir).resolve(Folder.checkName(name));
    try (InputStream in = Files.newInputStream(p)) {
      byte[] content = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
      if (content.length > max) {
        throw new IOException("file " + p + " is larger than " + max + " bytes");
      }
      return content;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public void writeStream(String dir, String name, InputStream content) throws IOException {
    Path d = existing(dir);
    Path target = d.resolve(Folder.checkName(name));
    Path temp = d.resolve("." + name + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      content.transferTo(Channels.newOutputStream(ch));
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write " + target + ": " + describe(e), e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write " + target + ": " + describe(e), e);
    }
  }

  @Override
  public boolean readStream(String dir, String name, OutputStream out) throws IOException {
    Path p = existing(dir).resolve(Folder.checkName(name));
    try (InputStream in = Files.newInputStream(p)) {
      in.transferTo(out);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void delete(String dir, String name) throws IOException {
    Path p = existing(dir).resolve(Folder.checkName(name));
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new IOException("cannot delete " + p + ": " + describe(e), e);
    }
  }

  @Override
  public void moveAside(String dir, String name, String sub, String newName) throws IOException {
    Path d = existing(dir);
    try {
      Path aside = Files.createDirectories(d.resolve(Folder.checkName(sub)));
      Files.move(
          d.resolve(Folder.checkName(name)),
          aside.resolve(Folder.checkName(newName)),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      // Already moved or deleted: nothing left to set aside.
    } catch (IOException e) {
      throw new IOException("cannot move " + d.resolve(name) + " into " + sub + ": " + describe(e), e);
    }
  }

  @Override
  public void removeEmptyFolder(String dir, String sub) throws IOException {
    Path d = existing(dir).resolve(Folder.checkName(sub));
    try {
      if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(d);
      }
    } catch (DirectoryNotEmptyException e) {
      // Holds files: kept.
    } catch (IOException e) {
      throw new IOException("cannot remove " + d + ": " + describe(e), e);
    }
  }

  @Override
  public void checkWritable(String dir) throws IOException {
    Path d = existing(dir);
    if (!Files.isWritable(d)) {
      throw new IOException("folder " + d + " is read-only for this program");
    }
  }

  @Override
  public void close() {}

  private static Path existing(String dir) throws IOException {
    Path d = Path.of(dir);
    if (!Files.isDirectory(d)) {
      throw new IOException("folder " + d + " does not exist");
    }
    return d;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (m != null && m.contains("No space left")) {
      return "the disk is full";
    }
    // Root is not stopped by permission bits, but by an immutable folder or a read-only mount.
    if (e instanceof AccessDeniedException
        || (m != null && (m.contains("Operation not permitted") || m.contains("Read-only file system")))) {
      return "the folder is read-only for this program (" + m + ")";
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}

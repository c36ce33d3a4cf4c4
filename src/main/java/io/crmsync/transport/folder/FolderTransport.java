package io.crmsync.transport.folder;

import io.crmsync.settings.Settings;
import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.exchange.OutgoingBlobs;
import io.crmsync.config.FolderAccess;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.SyncState;
import io.crmsync.security.Seal;
import io.crmsync.security.SealedStream;
import io.crmsync.security.Secrets;
import io.crmsync.transport.Transport;
import io.crmsync.transport.folder.BatchFiles.BadFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A LOCAL or FTP sync, the same on both sides: reads the peer's acknowledgement from its ack file
 * and the peer's new batch files in order, acknowledges them in this side's ack file, writes the
 * next batch file once the last one was acknowledged (one unacknowledged file at a time), and
 * deletes this side's files the peer acknowledged. A bad file is moved to {@code quarantine/}.
 *
 * <p>Crash safety: a batch is recorded as sent in the database before its file appears (written
 * under a temporary name, then renamed); a pending batch whose file is missing (never written, or
 * quarantined by the peer) is built again under a new number from the acknowledged position. The
 * peer applies only numbers above the last one it applied, and applying a range twice changes
 * nothing, so no step loses or doubles a change.
 */
public final class FolderTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(FolderTransport.class.getName());
  static final String QUARANTINE = "quarantine";
  static final String ARCHIVE = "archive";
  /** A file costs a round trip of both sides' cycles, so folder batches are larger. */
  static final int MAX_RECORDS = 2000;
  /**
   * A cycle that moved something looks again this soon (the peer may have answered), and keeps
   * looking that often for 10 s: the peer's answer to a file (its ack, or its next file) takes as
   * long as the peer needs to apply or build one, usually longer than 200 ms; waiting a whole
   * period for it made every file of an initial load wait about half a period on each side.
   */
  private static final Pace PACE = new Pace(true, 200, 10_000);
  /** How long a quarantined file keeps the sync's status red. */
  private static final long NOTICE_MILLIS = 10 * 60_000;

  private final SyncDef opened;
  private final String programId;
  private final Folder folder;
  private long ackWritten = -1;
  /** The peer's acknowledgement last taken (its ack file is re-read every cycle). */
  private long ackTaken = -1;
  /** The acknowledgement read in this pass, taken once the pass ends well. */
  private long ackRead = -1;
  private boolean checked;
  /** Whether the peer's ack file or a batch file of it was seen: only then is the sync connected. */
  private boolean peerSeen;
  private String notice;
  private long noticeUntil;
  /** This pass: the names in the upload folder, and problems that did not stop it. */
  private List<String> uploaded = List.of();
  private final List<String> problems = new ArrayList<>();

  public FolderTransport(SyncDef sync, String programId, Folder folder) {
    this.opened = sync;
    this.programId = programId;
    this.folder = folder;
  }

  @Override
  public Inbound receive(SyncDef sync, Progress progress) throws IOException, SQLException {
    FolderAccess dirs = sync.folders();
    if (sync.peerKey() == null) {
      throw new IOException(Secrets.KEY_LOST);
    }
    if (!checked) {
      folder.checkWritable(dirs.uploadDir());
      folder.checkWritable(dirs.downloadDir());
      checked = true;
    }
    problems.clear();
    List<String> down = folder.list(dirs.downloadDir());
    Long ack = down.contains(BatchFiles.ACK_NAME) ? readAck(sync) : null;
    List<Batch> batches = readBatches(sync, down, progress.get().inSeq());
    uploaded = folder.list(dirs.uploadDir());
    return new Inbound(ack, batches);
  }

  /** The peer's acknowledgement if it is new; a bad ack file is left for the peer to replace. */
  private Long readAck(SyncDef sync) throws IOException {
    byte[] file = folder.read(sync.folders().downloadDir(), BatchFiles.ACK_NAME, 1024);
    if (file == null) {
      return null;
    }
    try {
      long ack = BatchFiles.decodeAck(file, sync.peerKey());
      ackRead = ack;
      peerSeen = true;
      return ack == ackTaken ? null : ack; // taken already: an idle cycle needs no step for it
    } catch (BadFileException e) {
      problems.add("the ack file in " + sync.folders().downloadDir() + " was refused: " + e.getMessage());
      return null;
    }
  }

  private List<Batch> readBatches(SyncDef sync, List<String> down, long inSeq) throws IOException {
    Map<Long, String> incoming = new TreeMap<>();
    for (String name : down) {
      BatchFiles.seqOf(name).filter(seq -> seq > inSeq).ifPresent(seq -> incoming.put(seq, name));
    }
    long max = Settings.getInt(Settings.MAX_BATCH_BYTES, 64 * 1024 * 1024);
    String dir = sync.folders().downloadDir();
    List<Batch> batches = new ArrayList<>();
    for (Map.Entry<Long, String> e : incoming.entrySet()) {
      try {
        byte[] file = readLimited(dir, e.getValue(), max);
        if (file == null) {
          continue;
        }
        Batch batch = BatchFiles.decode(file, e.getKey(), sync.peerKey());
        if (batch.from().equals(programId)) {
          throw new BadFileException(
              "written by this program itself: the peer's upload folder must be this sync's download folder");
        }
        fetchLargeValues(sync, dir, batch);
        batches.add(batch);
        peerSeen = true;
      } catch (BadFileException bad) {
        quarantine(sync, e.getValue(), bad.getMessage());
      }
    }
    return batches;
  }

  /** Opens the batch's large values from their sealed files into the spool, checking each. */
  private void fetchLargeValues(SyncDef sync, String dir, Batch batch) throws IOException, BadFileException {
    Seal seal = Seal.of(sync.peerKey());
    for (BlobRef ref : OutgoingBlobs.of(batch)) {
      if (BlobSpool.has(ref)) {
        continue;
      }
      boolean found;
      try {
        boolean[] there = new boolean[1];
        BlobSpool.put(ref, out -> {
          OutputStream opening = SealedStream.openingTo(seal, BatchFiles.blobContext(ref), out);
          there[0] = folder.readStream(dir, ref.fileName(), opening);
          if (there[0]) {
            opening.close(); // checks that the value came whole
          }
        });
        found = there[0];
      } catch (IOException e) {
        IOException bad = damage(e);
        if (bad == null) {
          throw e;
        }
        folder.moveAside(dir, ref.fileName(), QUARANTINE, ref.fileName() + "." + System.currentTimeMillis());
        throw new BadFileException("its large value file " + ref.fileName() + " is damaged: " + bad.getMessage());
      }
      if (!found) {
        throw new BadFileException("its large value file " + ref.fileName() + " is missing");
      }
    }
  }

  /**
   * The damage a failed read of a large value's file found, also when the folder wrapped it (an FTP
   * client reports what its output stream threw as a copy failure); null if the read itself failed.
   */
  private static IOException damage(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BlobSpool.MismatchException || t instanceof SealedStream.BrokenException) {
        return (IOException) t;
      }
    }
    return null;
  }

  private byte[] readLimited(String dir, String name, long max) throws IOException, BadFileException {
    try {
      return folder.read(dir, name, max);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("larger than")) {
        throw new BadFileException("larger than " + max + " bytes (" + Settings.MAX_BATCH_BYTES + ")");
      }
      throw e;
    }
  }

  private void quarantine(SyncDef sync, String name, String reason) throws IOException {
    String dir = sync.folders().downloadDir();
    String aside = name + "." + System.currentTimeMillis();
    folder.moveAside(dir, name, QUARANTINE, aside);
    String message =
        "batch file " + name + " was quarantined (" + dir + "/" + QUARANTINE + "/" + aside + "): " + reason;
    LOG.log(Level.WARNING, "crm-sync: sync ''{0}'': {1}", new Object[] {sync.name(), message});
    problems.add(message);
  }

  /** Only once the last file was acknowledged, or is gone (never written, or quarantined by the peer). */
  @Override
  public boolean mayBuild(SyncState state) {
    return state.pendingSeq() == 0 || !uploaded.contains(BatchFiles.name(state.pendingSeq()));
  }

  @Override
  public boolean sendsEmpty() {
    return false;
  }

  @Override
  public int maxRecords() {
    return MAX_RECORDS;
  }

  @Override
  public void acknowledge(SyncDef sync, long inSeq) throws IOException {
    if (inSeq != ackWritten) {
      folder.write(sync.folders().uploadDir(), BatchFiles.ACK_NAME,
          BatchFiles.encodeAck(inSeq, programId, sync.peerKey()));
      ackWritten = inSeq;
    }
  }

  /** Writes the batch's large values, then its file: once the batch file is there, the peer may read it. */
  @Override
  public List<Batch> send(SyncDef sync, Batch batch) throws IOException {
    String dir = sync.folders().uploadDir();
    Seal seal = Seal.of(sync.peerKey());
    for (BlobRef ref : OutgoingBlobs.of(batch)) {
      try (InputStream in = SealedStream.sealing(seal, BatchFiles.blobContext(ref), BlobSpool.open(ref))) {
        folder.writeStream(dir, ref.fileName(), in);
      }
    }
    folder.write(dir, BatchFiles.name(batch.seq()), BatchFiles.encode(batch, sync.peerKey()));
    BlobSpool.discard(OutgoingBlobs.of(batch));
    return List.of();
  }

  /** Deletes (or archives) acknowledged files and stale temporary ones; records the status. */
  @Override
  public void finish(SyncDef sync, SyncState state, StatusSink status) throws IOException, SQLException {
    ackTaken = ackRead;
    String dir = sync.folders().uploadDir();
    boolean archive = Boolean.parseBoolean(Settings.get(Settings.FOLDER_ARCHIVE, "false"));
    long pending = state.pendingSeq();
    for (String name : uploaded) {
      long seq = BatchFiles.seqOf(name).orElse(-1L);
      if (seq >= 0 && seq != pending && (seq < pending || (pending == 0 && seq <= state.outSeq()))) {
        if (archive) {
          folder.moveAside(dir, name, ARCHIVE, name);
        } else {
          folder.delete(dir, name);
        }
      } else if (pending == 0 && name.startsWith("crmsync-") && name.endsWith(".blob")) {
        folder.delete(dir, name); // every batch acknowledged: no file refers to it any more
      } else if (BatchFiles.isTemporary(name)) {
        folder.delete(dir, name); // left by a crash or a broken connection mid-write
      }
    }
    long now = System.currentTimeMillis();
    if (!problems.isEmpty()) {
      notice = String.join("; ", problems);
      noticeUntil = now + NOTICE_MILLIS;
    }
    if (now < noticeUntil) {
      status.status(sync, notice);
    } else if (!peerSeen) {
      // This side's folders work, but that alone is no green tick: the peer may not exist at all.
      status.status(sync, "no answer from the other program yet: no acknowledgement file from it in "
          + sync.folders().downloadDir());
    } else {
      status.status(sync, null);
    }
  }

  @Override
  public Pace pace() {
    return PACE;
  }

  @Override
  public boolean serves(SyncDef sync) {
    return sync.transport() == opened.transport() && Objects.equals(sync.folders(), opened.folders())
        && Objects.equals(sync.peerKey(), opened.peerKey());
  }

  @Override
  public void close() {
    folder.close();
  }
}

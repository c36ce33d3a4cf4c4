package io.crmsync.cycle;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.config.FolderAccess;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Batch;
import io.crmsync.exchange.OutgoingBlobs;
import io.crmsync.exchange.SyncState;
import io.crmsync.security.Secrets;
import io.crmsync.settings.Settings;
import io.crmsync.transport.folder.BatchFiles.BadFileException;
import io.crmsync.transport.folder.BatchFiles;
import io.crmsync.transport.folder.Folder;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cycles of one LOCAL or FTP sync, run on both sides alike. Each cycle takes the peer's
 * acknowledgement from its ack file, applies the peer's new batch files in order and acknowledges
 * them in this side's ack file, deletes this side's files the peer acknowledged, and writes the
 * next batch file when the last one was acknowledged (one unacknowledged file at a time).
 *
 * <p>Crash safety: a batch is recorded as sent in the database before its file appears (written
 * under a temporary name, then renamed); a pending batch whose file is missing (never written, or
 * quarantined by the peer) is built again under a new number from the acknowledged position. The
 * peer applies only numbers above the last one it applied, and applying a range twice changes
 * nothing, so no step loses or doubles a change.
 */
final class FolderCycle {
  private static final Logger LOG = Logger.getLogger(FolderCycle.class.getName());
  static final String QUARANTINE = "quarantine";
  static final String ARCHIVE = "archive";
  /** How long a quarantined file keeps the sync's status red. */
  private static final long NOTICE_MILLIS = 10 * 60_000;

  private final SyncEngine engine;
  private final String programId;
  private final Folder folder;
  private long ackWritten = -1;
  /** The peer's acknowledgement last handed to the engine (its ack file is re-read every cycle). */
  private long ackTaken = -1;
  private boolean checked;
  private String notice;
  private long noticeUntil;

  FolderCycle(SyncEngine engine, String programId, Folder folder) {
    this.engine = engine;
    this.programId = programId;
    this.folder = folder;
  }

  /** One cycle; returns whether anything moved (then the next cycle comes soon). */
  boolean run(SyncDef sync) throws IOException, SQLException {
    FolderAccess dirs = sync.folders();
    if (sync.peerKey() == null) {
      throw new IOException(Secrets.KEY_LOST);
    }
    if (!checked) {
      folder.checkWritable(dirs.uploadDir());
      folder.checkWritable(dirs.downloadDir());
      checked = true;
    }
    List<String> problems = new ArrayList<>();
    List<String> down = folder.list(dirs.downloadDir());
    boolean moved = down.contains(BatchFiles.ACK_NAME) && takeAck(sync, problems);
    SyncState state = engine.state(sync);
    if (applyIncoming(sync, down, state.inSeq(), problems)) {
      moved = true;
    }
    if (moved) {
      state = engine.state(sync);
    }
    if (state.inSeq() != ackWritten) {
      folder.write(dirs.uploadDir(), BatchFiles.ACK_NAME,
          BatchFiles.encodeAck(state.inSeq(), programId, sync.peerKey()));
      ackWritten = state.inSeq();
    }
    moved |= sendNext(sync, state);
    report(sync, problems);
    return moved;
  }

  private boolean takeAck(SyncDef sync, List<String> problems) throws IOException, SQLException {
    byte[] file = folder.read(sync.folders().downloadDir(), BatchFiles.ACK_NAME, 1024);
    if (file == null) {
      return false;
    }
    try {
      long ack = BatchFiles.decodeAck(file, sync.peerKey());
      if (ack == ackTaken) {
        return false; // taken already: an idle cycle needs no locked step for it
      }
      boolean moved = engine.acknowledgeFile(sync, ack);
      ackTaken = ack;
      return moved;
    } catch (BadFileException e) {
      // Left in place: the peer replaces it with its next acknowledgement.
      problems.add("the ack file in " + sync.folders().downloadDir() + " was refused: " + e.getMessage());
      return false;
    }
  }

  private boolean applyIncoming(SyncDef sync, List<String> down, long inSeq, List<String> problems)
      throws IOException, SQLException {
    Map<Long, String> incoming = new TreeMap<>();
    for (String name : down) {
      BatchFiles.seqOf(name).filter(seq -> seq > inSeq).ifPresent(seq -> incoming.put(seq, name));
    }
    long max = Settings.getInt(Settings.MAX_BATCH_BYTES, 64 * 1024 * 1024);
    boolean applied = false;
    String dir = sync.folders().downloadDir();
    for (Map.Entry<Long, String> e : incoming.entrySet()) {
      Batch batch;
      try {
        byte[] file = readLimited(dir, e.getValue(), max);
        if (file == null) {
          continue;
        }
        batch = BatchFiles.decode(file, e.getKey(), sync.peerKey());
        if (batch.from().equals(programId)) {
          throw new BadFileException(
              "written by this program itself: the peer's upload folder must be this sync's download folder");
        }
        fetchLargeValues(dir, batch);
      } catch (BadFileException bad) {
        quarantine(sync, e.getValue(), bad.getMessage(), problems);
        continue;
      }
      engine.applyFile(sync, batch);
      BlobSpool.discard(OutgoingBlobs.of(batch));
      applied = true;
    }
    return applied;
  }

  /** Copies the batch's large values from their files into the spool, checking each. */
  private void fetchLargeValues(String dir, Batch batch) throws IOException, BadFileException {
    for (BlobRef ref : OutgoingBlobs.of(batch)) {
      if (BlobSpool.has(ref)) {
        continue;
      }
      boolean found;
      try {
        boolean[] there = new boolean[1];
        BlobSpool.put(ref, out -> there[0] = folder.readStream(dir, ref.fileName(), out));
        found = there[0];
      } catch (BlobSpool.MismatchException e) {
        folder.moveAside(dir, ref.fileName(), QUARANTINE, ref.fileName() + "." + System.currentTimeMillis());
        throw new BadFileException("its large value file " + ref.fileName() + " is damaged: " + e.getMessage());
      }
      if (!found) {
        throw new BadFileException("its large value file " + ref.fileName() + " is missing");
      }
    }
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

  private void quarantine(SyncDef sync, String name, String reason, List<String> problems)
      throws IOException {
    String dir = sync.folders().downloadDir();
    String aside = name + "." + System.currentTimeMillis();
    folder.moveAside(dir, name, QUARANTINE, aside);
    String message =
        "batch file " + name + " was quarantined (" + dir + "/" + QUARANTINE + "/" + aside + "): " + reason;
    LOG.log(Level.WARNING, "crm-sync: sync ''{0}'': {1}", new Object[] {sync.name(), message});
    problems.add(message);
  }

  /** Deletes acknowledged files and stale temporary ones; writes the next batch when it is time. */
  private boolean sendNext(SyncDef sync, SyncState state) throws IOException, SQLException {
    String dir = sync.folders().uploadDir();
    boolean pendingThere = false;
    boolean archive = Boolean.parseBoolean(Settings.get(Settings.FOLDER_ARCHIVE, "false"));
    for (String name : folder.list(dir)) {
      long seq = BatchFiles.seqOf(name).orElse(-1L);
      if (seq >= 0 && seq == state.pendingSeq()) {
        pendingThere = true;
      } else if (seq >= 0 && (seq < state.pendingSeq() || (state.pendingSeq() == 0 && seq <= state.outSeq()))) {
        if (archive) {
          folder.moveAside(dir, name, ARCHIVE, name);
        } else {
          folder.delete(dir, name);
        }
      } else if (state.pendingSeq() == 0 && name.startsWith("crmsync-") && name.endsWith(".blob")) {
        folder.delete(dir, name); // every batch acknowledged: no file refers to it any more
      } else if (name.startsWith(".crmsync-") && name.endsWith(".tmp")) {
        folder.delete(dir, name); // left by a crash or a broken connection mid-write
      }
    }
    if (state.pendingSeq() != 0 && pendingThere) {
      return false; // waiting for the peer to acknowledge it
    }
    Batch batch = engine.nextFile(sync);
    if (batch == null) {
      return false;
    }
    // Large values first: once the batch file is there, the peer may read it.
    for (BlobRef ref : OutgoingBlobs.of(batch)) {
      try (InputStream in = BlobSpool.open(ref)) {
        folder.writeStream(dir, ref.fileName(), in);
      }
    }
    folder.write(dir, BatchFiles.name(batch.seq()), BatchFiles.encode(batch, sync.peerKey()));
    BlobSpool.discard(OutgoingBlobs.of(batch));
    return true;
  }

  private void report(SyncDef sync, List<String> problems) throws SQLException {
    long now = System.currentTimeMillis();
    if (!problems.isEmpty()) {
      notice = String.join("; ", problems);
      noticeUntil = now + NOTICE_MILLIS;
    }
    engine.status(sync, now < noticeUntil ? notice : null);
  }
}

package io.crmsync.config;

import io.crmsync.core.ConflictPolicy;
import io.crmsync.security.Secrets;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A sync as stored: one link from this program to one peer. */
@Entity
@Table(name = "crmsync_sync")
public class SyncEntity {
  private static final Logger LOG = Logger.getLogger(SyncEntity.class.getName());

  @Id Long id;

  String name;

  @Enumerated(EnumType.STRING)
  Mode mode;

  @Enumerated(EnumType.STRING)
  Transport transport;

  @Column(name = "period_seconds")
  int periodSeconds;

  @Column(name = "remote_url")
  String remoteUrl;

  /** The public, random id of this sync that appears in its peer URL and salts its key. */
  @Column(name = "sync_key")
  String syncKey;

  /**
   * The key derived from the sync password, encrypted ({@link Secrets}); older rows hold it in
   * clear (Base64). The password itself is never stored.
   */
  @Column(name = "peer_key")
  String peerKey;

  @Column(name = "upload_dir")
  String uploadDir;

  @Column(name = "download_dir")
  String downloadDir;

  @Column(name = "ftp_host")
  String ftpHost;

  @Column(name = "ftp_port")
  Integer ftpPort;

  @Column(name = "ftp_user")
  String ftpUser;

  /** The FTP login's password, encrypted: needed to log in, so it cannot be kept only as a hash. */
  @Column(name = "ftp_password")
  String ftpPassword;

  @Column(name = "ftp_tls")
  Boolean ftpTls;

  @Column(name = "created_at")
  LocalDateTime createdAt;

  /** {@link ConflictPolicy}'s name; null (rows saved before policies) is NEWEST_WINS. */
  /** The address an active HTTP sync was given; null when it was given the peer URL itself. */
  @Column(name = "remote_address")
  String remoteAddress;

  /** A passive HTTP sync's key that proves the password in a discovery request, encrypted. */
  @Column(name = "discovery_key")
  String discoveryKey;

  @Column(name = "conflict_policy")
  String conflictPolicy;

  public SyncDef def() {
    return new SyncDef(id, name, mode, transport, periodSeconds, remoteUrl, syncKey, clearKey(peerKey), folders(),
        ConflictPolicy.parse(conflictPolicy), remoteAddress, discoveryKey == null ? null : clearKey(discoveryKey));
  }

  private FolderAccess folders() {
    if (transport == Transport.HTTP || uploadDir == null || downloadDir == null) {
      return null;
    }
    FtpServer ftp =
        transport == Transport.FTP
            ? new FtpServer(
                ftpHost,
                ftpPort == null ? FtpServer.DEFAULT_PORT : ftpPort,
                ftpUser,
                clearFtpPassword(),
                Boolean.TRUE.equals(ftpTls))
            : null;
    return new FolderAccess(uploadDir, downloadDir, ftp);
  }

  /** The FTP password in clear (it is stored encrypted like the peer key); null if it cannot be. */
  private String clearFtpPassword() {
    if (!Secrets.isEncrypted(ftpPassword)) {
      return ftpPassword;
    }
    try {
      return new String(Secrets.server().decrypt(ftpPassword), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.log(Level.SEVERE, "crm-sync: sync ''{0}'': FTP password: {1}", new Object[] {name, e.getMessage()});
      return null;
    }
  }

  /** Sets the folders (and FTP server) of a LOCAL or FTP sync; null clears them (HTTP). */
  public void setFolders(FolderAccess f) {
    uploadDir = f == null ? null : f.uploadDir();
    downloadDir = f == null ? null : f.downloadDir();
    FtpServer ftp = f == null ? null : f.ftp();
    ftpHost = ftp == null ? null : ftp.host();
    ftpPort = ftp == null ? null : ftp.port();
    ftpUser = ftp == null ? null : ftp.user();
    ftpPassword =
        ftp == null || ftp.password() == null
            ? null
            : Secrets.server().encrypt(ftp.password().getBytes(StandardCharsets.UTF_8));
    ftpTls = ftp == null ? null : ftp.tls();
  }

  /**
   * A stored key in clear: decrypted if stored encrypted, as stored if it predates encryption;
   * null (the sync then fails with a clear message) if this server's master key cannot decrypt it.
   */
  private String clearKey(String stored) {
    if (!Secrets.isEncrypted(stored)) {
      return stored;
    }
    try {
      return Secrets.server().openKey(stored);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.log(Level.SEVERE, "crm-sync: sync ''{0}'': {1}", new Object[] {name, e.getMessage()});
      return null;
    }
  }

  public ConflictPolicy getConflictPolicy() { return ConflictPolicy.parse(conflictPolicy); }
  public void setConflictPolicy(ConflictPolicy p) { this.conflictPolicy = p == null ? null : p.name(); }
  public Long getId() { return id; }
  public void setId(Long id) { this.id = id; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Mode getMode() { return mode; }
  public void setMode(Mode mode) { this.mode = mode; }
  public Transport getTransport() { return transport; }
  public void setTransport(Transport transport) { this.transport = transport; }
  public int getPeriodSeconds() { return periodSeconds; }
  public void setPeriodSeconds(int periodSeconds) { this.periodSeconds = periodSeconds; }
  public String getRemoteUrl() { return remoteUrl; }
  public void setRemoteUrl(String remoteUrl) { this.remoteUrl = remoteUrl; }
  public String getSyncKey() { return syncKey; }
  public void setSyncKey(String syncKey) { this.syncKey = syncKey; }
  public String getPeerKey() { return peerKey; }
  public void setPeerKey(String peerKey) { this.peerKey = peerKey; }
  public void setCreatedAt(LocalDateTime createdAt) { this.createdAt = createdAt; }
  public void setRemoteAddress(String remoteAddress) { this.remoteAddress = remoteAddress; }
  public void setDiscoveryKey(String discoveryKey) { this.discoveryKey = discoveryKey; }

}

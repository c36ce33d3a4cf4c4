package io.crmsync.config;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.crmsync.security.Secrets;
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

  @Column(name = "created_at")
  LocalDateTime createdAt;

  public SyncDef def() {
    return new SyncDef(id, name, mode, transport, periodSeconds, remoteUrl, syncKey, clearPeerKey());
  }

  /**
   * The peer key in clear: decrypted if stored encrypted, as stored if it predates encryption;
   * null (the sync then fails with a clear message) if this server's master key cannot decrypt it.
   */
  private String clearPeerKey() {
    if (!Secrets.isEncrypted(peerKey)) {
      return peerKey;
    }
    try {
      return Secrets.server().openKey(peerKey);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.log(Level.SEVERE, "crm-sync: sync ''{0}'': {1}", new Object[] {name, e.getMessage()});
      return null;
    }
  }

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

}

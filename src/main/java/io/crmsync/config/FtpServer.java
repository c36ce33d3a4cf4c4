package io.crmsync.config;

import java.util.Objects;

/**
 * The FTP server of an FTP sync: host without protocol or folders, port, login, password and
 * whether to use explicit FTPS (TLS after {@code AUTH TLS}).
 */
public record FtpServer(String host, int port, String user, String password, boolean tls) {
  public static final int DEFAULT_PORT = 21;

  public FtpServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("FTP port out of range: " + port);
    }
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return (tls ? "ftps://" : "ftp://") + user + "@" + host + ":" + port;
  }
}

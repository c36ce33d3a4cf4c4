package io.crmsync.config;

/** How batches travel: HTTP pairs only with HTTP; LOCAL and FTP pair with each other. */
public enum Transport {
  HTTP,
  LOCAL,
  FTP
}

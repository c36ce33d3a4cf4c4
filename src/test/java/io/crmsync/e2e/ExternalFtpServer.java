package io.crmsync.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real FTP server program from a Debian package, run as a child process with its own
 * configuration in a temporary folder, on 127.0.0.1 only, serving {@code root}: vsftpd (no MLSD;
 * anonymous login with write rights, since its local users are system accounts), Pure-FTPd (MLSD;
 * one virtual user in its own password database) or ProFTPD (MLSD; one user in its own passwd
 * file; its default {@code AllowOverwrite off} refuses to rename or upload onto an existing file).
 * Uploads and downloads (vsftpd and Pure-FTPd) are limited to
 * {@link #BYTES_PER_SECOND}, so that a test can catch a large upload half done. {@link #stop()}
 * kills the server with every session process, as a server that goes away.
 */
final class ExternalFtpServer implements AutoCloseable {
    /** Where {@code .ci/run} unpacks Pure-FTPd (its package conflicts with vsftpd's). */
    static final String PURE_FTPD = System.getProperty("crmsync.it.pureFtpd",
            "/opt/crmsync-it/pure-ftpd/usr/sbin/pure-ftpd");
    static final String VSFTPD = System.getProperty("crmsync.it.vsftpd", "/usr/sbin/vsftpd");
    /** Where {@code .ci/run} unpacks ProFTPD (its package conflicts with vsftpd's too). */
    static final String PROFTPD = System.getProperty("crmsync.it.proftpd", "/opt/crmsync-it/proftpd/usr/sbin/proftpd");
    static final int BYTES_PER_SECOND = 20_000_000;
    /** Pure-FTPd's passive ports: 30, above the other servers' (see {@link #pureFtpd()}). */
    static final String PURE_FTPD_PASSIVE_PORTS = "9170:9199";

    /** The servers; {@code VSFTPD_HIDING_DOT_FILES} is vsftpd hiding every dot name from listings. */
    enum Kind { VSFTPD, PURE_FTPD, PROFTPD, VSFTPD_HIDING_DOT_FILES }

    private final Kind kind;
    private final Path dir;
    private final Path root;
    private final int port;
    private final List<String> command;
    private Process process;

    /** A server of {@code kind} on {@code port}, passive ports {@code port+1 .. port+9} (Pure-FTPd: {@link #PURE_FTPD_PASSIVE_PORTS}). */
    ExternalFtpServer(Kind kind, int port, Path root) {
        this.kind = kind;
        this.port = port;
        this.root = root;
        try {
            dir = Files.createTempDirectory("crmsync-it-ftpx-" + kind.name().toLowerCase() + "-");
            Files.createDirectories(root);
            command = switch (kind) {
                case VSFTPD -> vsftpd("");
                case VSFTPD_HIDING_DOT_FILES -> vsftpd("hide_file={.*}");
                case PURE_FTPD -> pureFtpd();
                case PROFTPD -> proftpd();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String user() {
        return kind == Kind.VSFTPD || kind == Kind.VSFTPD_HIDING_DOT_FILES ? "anonymous" : TestFtpServer.USER;
    }

    String password() {
        return TestFtpServer.PASSWORD;
    }

    /** A folder on the server, made writable for the server's user (vsftpd's "ftp", Pure-FTPd's uid). */
    Path folder(String relative) {
        try {
            Path d = root;
            for (Path part : Path.of(relative)) {
                d = Files.createDirectories(d.resolve(part));
            }
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (installed by .ci/run)", e);
        }
        await(kind + " listening on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(kind + " exited: " + log());
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** Kills the server and its session processes: open connections and transfers are cut. */
    void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        process = null;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            Path out = dir.resolve("server.out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the server and deletes its configuration folder (the served root is the caller's). */
    @Override
    public void close() {
        stop();
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** vsftpd with {@code extra} added to its configuration. */
    private List<String> vsftpd(String extra) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path conf = dir.resolve("vsftpd.conf");
        Files.writeString(conf, String.join("\n",
                "listen=YES", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
                "anonymous_enable=YES", "local_enable=NO", "no_anon_password=YES", "anon_root=" + root,
                "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES",
                "anon_other_write_enable=YES", "anon_world_readable_only=NO", "anon_umask=022",
                "anon_max_rate=" + BYTES_PER_SECOND, "allow_writeable_chroot=YES", "secure_chroot_dir=" + empty,
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_min_port=" + (port + 1),
                "pasv_max_port=" + (port + 9),
                // Containers refuse the sandbox's seccomp filter and network namespaces.
                "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO", "tcp_wrappers=NO",
                "xferlog_enable=NO", "syslog_enable=NO", "log_ftp_protocol=YES",
                "vsftpd_log_file=" + dir.resolve("vsftpd.log"), "dual_log_enable=YES", extra, ""),
                StandardCharsets.US_ASCII);
        return List.of(VSFTPD, conf.toString());
    }

    private List<String> proftpd() throws IOException {
        Path passwd = dir.resolve("passwd");
        String ids = run(List.of("id", "-u", "ftp")) + ":" + run(List.of("id", "-g", "ftp"));
        String hash = run(List.of("openssl", "passwd", "-6", password()));
        Files.writeString(passwd, TestFtpServer.USER + ":" + hash + ":" + ids + "::" + root + ":/bin/false\n");
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-------"));
        Path conf = dir.resolve("proftpd.conf");
        Files.writeString(conf, String.join("\n",
                "ServerName \"crm-sync test\"", "ServerType standalone", "Port " + port,
                "DefaultAddress 127.0.0.1", "SocketBindTight on", "UseIPv6 off", "UseReverseDNS off",
                "User ftp", "Group ftp", "PidFile " + dir.resolve("proftpd.pid"),
                "ScoreboardFile " + dir.resolve("proftpd.scoreboard"), "DelayTable none", "WtmpLog off",
                "TransferLog none", "SystemLog " + dir.resolve("proftpd.log"), "AuthOrder mod_auth_file.c",
                "AuthUserFile " + passwd, "RequireValidShell off", "DefaultRoot ~",
                "PassivePorts " + (port + 1) + " " + (port + 9), "Umask 022", ""), StandardCharsets.US_ASCII);
        return List.of(PROFTPD, "-n", "-c", conf.toString());
    }

    private static String run(List<String> command) throws IOException {
        return run(command, "");
    }

    /** Runs a helper command with {@code input} on its standard input; its output, trimmed. */
    private static String run(List<String> command, String input) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private List<String> pureFtpd() throws IOException {
        Path pw = Path.of(PURE_FTPD).getParent().resolveSibling("bin").resolve("pure-pw");
        Path passwd = dir.resolve("pureftpd.passwd");
        Path pdb = dir.resolve("pureftpd.pdb");
        // pure-pw would hash the password with argon2id at 511 passes: seconds of CPU per login on a
        // busy machine, longer than the programs' 5 s FTP timeout. A SHA-512 crypt hash (which
        // Pure-FTPd checks with crypt(3)) makes the login cheap, as for ProFTPD below.
        String ids = run(List.of("id", "-u", "ftp")) + ":" + run(List.of("id", "-g", "ftp"));
        String hash = run(List.of("openssl", "passwd", "-6", password()));
        Files.writeString(passwd, TestFtpServer.USER + ":" + hash + ":" + ids + "::" + root + "/./::::::::::::\n");
        run(List.of(pw.toString(), "mkdb", pdb.toString(), "-f", passwd.toString()));
        int kb = BYTES_PER_SECOND / 1000;
        // -E no anonymous, -A chroot, -H no DNS, -4 IPv4; -T the user's bandwidth in KB/s. Pure-FTPd
        // admits half as many clients as it has passive ports: nine would allow four sessions, fewer
        // than the pairs, the folder checks and the cleanups of deleted syncs open at once, so it
        // takes the 30 free ports at the top of the suite's range (PURE_FTPD_PASSIVE_PORTS).
        return List.of(PURE_FTPD, "-S", "127.0.0.1," + port, "-l", "puredb:" + pdb, "-E", "-A", "-H", "-4",
                "-p", PURE_FTPD_PASSIVE_PORTS, "-P", "127.0.0.1", "-T", kb + ":" + kb, "-f", "none",
                "-g", dir.resolve("pure-ftpd.pid").toString());
    }
}

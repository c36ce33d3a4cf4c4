package io.crmsync.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTP server (Apache FtpServer, embedded in the test JVM) with one user whose home is {@code root}.
 * It can be stopped and started again on the same port, as a server that goes away and comes back.
 */
final class TestFtpServer implements AutoCloseable {
    static final String USER = "crm-ftp";
    static final String PASSWORD = "ftp-Secret-1";

    private final Path root;
    private final int port;
    private final Path keyStore;
    private FtpServer server;
    /** Paths (as the client named them) of uploads started and not yet ended, with their start time. */
    private final Map<String, Long> uploading = new ConcurrentHashMap<>();
    /** While above zero, each rename of a temporary file ends the client's session instead. */
    private final AtomicInteger dropsAtRename = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    TestFtpServer(Path root) {
        this(root, null);
    }

    /** With a PKCS12 key store (password {@link #PASSWORD}): explicit FTPS (AUTH TLS) offered. */
    TestFtpServer(Path root, Path keyStore) {
        this(root, freePort(), keyStore);
    }

    /** On a fixed port (a suite that owns its ports), plain FTP. */
    TestFtpServer(Path root, int port) {
        this(root, port, null);
    }

    private TestFtpServer(Path root, int port, Path keyStore) {
        this.root = root;
        this.port = port;
        this.keyStore = keyStore;
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    void start() {
        start(0);
    }

    /** Starts the server; {@code maxUploadBytesPerSecond} > 0 slows every upload to that rate. */
    void start(int maxUploadBytesPerSecond) {
        uploading.clear();
        FtpServerFactory factory = new FtpServerFactory();
        Map<String, Ftplet> ftplets = new HashMap<>(); // the server clears it on stop
        ftplets.put("faults", new Faults());
        factory.setFtplets(ftplets);
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        if (keyStore != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keyStore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(PASSWORD);
            ssl.setKeyPassword(PASSWORD);
            listener.setSslConfiguration(ssl.createSslConfiguration());
            listener.setImplicitSsl(false);
        }
        factory.addListener("default", listener.createListener());
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        List<Authority> authorities = new ArrayList<>(List.of(new WritePermission()));
        if (maxUploadBytesPerSecond > 0) {
            authorities.add(new TransferRatePermission(0, maxUploadBytesPerSecond));
        }
        user.setAuthorities(authorities);
        try {
            factory.getUserManager().save(user);
            server = factory.createServer();
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("cannot start the test FTP server on port " + port, e);
        }
    }

    /** The uploads in progress (paths as the client named them) and when each started (epoch ms). */
    Map<String, Long> uploading() {
        return Map.copyOf(uploading);
    }

    /**
     * The next {@code times} renames of a temporary file (the step after a whole file arrived) end the
     * client's session instead: the server goes away between the upload and its rename.
     */
    void dropSessionAtNextRenames(int times) {
        dropsAtRename.set(times);
    }

    /** Sessions ended by {@link #dropSessionAtNextRenames}. */
    int droppedSessions() {
        return dropped.get();
    }

    /** Stops the server: open connections and transfers are cut. */
    void stop() {
        if (server != null) {
            try {
                server.stop();
            } finally {
                server = null;
            }
        }
    }

    boolean isRunning() {
        return server != null && !server.isStopped();
    }

    @Override
    public void close() {
        stop();
    }

    private final class Faults extends DefaultFtplet {
        @Override
        public FtpletResult onUploadStart(FtpSession session, FtpRequest request) {
            uploading.put(request.getArgument(), System.currentTimeMillis());
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult onUploadEnd(FtpSession session, FtpRequest request) {
            uploading.remove(request.getArgument());
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult onRenameStart(FtpSession session, FtpRequest request) {
            if (dropsAtRename.get() > 0 && dropsAtRename.getAndDecrement() > 0) {
                dropped.incrementAndGet();
                return FtpletResult.DISCONNECT;
            }
            return FtpletResult.DEFAULT;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

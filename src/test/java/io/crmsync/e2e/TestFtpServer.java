package io.crmsync.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
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

    TestFtpServer(Path root) {
        this(root, null);
    }

    /** With a PKCS12 key store (password {@link #PASSWORD}): explicit FTPS (AUTH TLS) offered. */
    TestFtpServer(Path root, Path keyStore) {
        this.root = root;
        this.port = freePort();
        this.keyStore = keyStore;
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    void start() {
        FtpServerFactory factory = new FtpServerFactory();
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
        user.setAuthorities(List.<Authority>of(new WritePermission()));
        try {
            factory.getUserManager().save(user);
            server = factory.createServer();
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("cannot start the test FTP server on port " + port, e);
        }
    }

    /** Stops the server: open connections and transfers are cut. */
    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    boolean isRunning() {
        return server != null && !server.isStopped();
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

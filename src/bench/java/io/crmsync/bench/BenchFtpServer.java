package io.crmsync.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * The FTP server of the benchmark's FTP initial load: Apache FtpServer in the benchmark JVM, on a free
 * loopback port, one user whose home is {@code root} (as the end-to-end tests' server).
 */
final class BenchFtpServer implements AutoCloseable {

    static final String USER = "bench-ftp";
    static final String PASSWORD = "bench-ftp-Secret-1";

    private final FtpServer server;
    private final int port;

    BenchFtpServer(Path root) throws IOException {
        Files.createDirectories(root);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
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
            throw new IOException("cannot start the benchmark's FTP server on port " + port, e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
    }
}

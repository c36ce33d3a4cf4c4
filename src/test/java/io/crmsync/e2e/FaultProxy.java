package io.crmsync.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between two programs that injects network faults: refused connections, a reset in the middle
 * of a request, a reset after the far side answered (so it applied the request but the caller never reads
 * the answer), 5-second stalls, a 1 KB/s link, and answers cut short. Each connection takes the fault that
 * is set when it is accepted; setting a fault closes the connections open at that moment.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { NONE, REFUSE, RESET_MID_REQUEST, RESET_AFTER_ANSWER, STALL, SLOW_LINK, TRUNCATED_ANSWER }

    private static final int BYTES_PER_SECOND = 1024;

    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faulted = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile ServerSocket server;
    private volatile boolean closed;

    FaultProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
        listen();
    }

    int port() {
        return port;
    }

    /** How many connections met a fault since the last {@link #set}. */
    int faulted() {
        return faulted.get();
    }

    synchronized void set(Fault f) {
        fault = f;
        faulted.set(0);
        for (Socket s : open) {
            closeQuietly(s);
        }
        if (f == Fault.REFUSE) {
            closeQuietly(server);
            server = null;
        } else if (server == null) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(FaultProxy::closeQuietly);
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            server = s;
            Thread t = new Thread(() -> accept(s), "fault-proxy-" + port);
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy cannot listen on " + port, e);
        }
    }

    private void accept(ServerSocket s) {
        while (!closed && !s.isClosed()) {
            try {
                Socket client = s.accept();
                Fault f = fault;
                Socket upstream = new Socket("127.0.0.1", targetPort);
                open.add(client);
                open.add(upstream);
                start("up", () -> pump(client, upstream, f, true));
                start("down", () -> pump(upstream, client, f, false));
            } catch (IOException e) {
                // closed (REFUSE or shutdown), or the target is down: the client sees its connection drop
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, "fault-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Copies one direction, applying the connection's fault. */
    private void pump(Socket from, Socket to, Fault f, boolean request) {
        byte[] buf = new byte[8192];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            boolean first = true;
            while ((n = in.read(buf)) >= 0) {
                if (f == Fault.STALL && first) {
                    faulted.incrementAndGet();
                    Thread.sleep(5_000);
                }
                first = false;
                if (request && f == Fault.RESET_MID_REQUEST && sent + n > 200) {
                    out.write(buf, 0, (int) Math.max(0, 200 - sent));
                    out.flush();
                    faulted.incrementAndGet();
                    reset(from, to);
                    return;
                }
                if (!request && f == Fault.RESET_AFTER_ANSWER) {
                    // The far side has answered, so it applied the request; the caller never reads it.
                    faulted.incrementAndGet();
                    reset(from, to);
                    return;
                }
                if (!request && f == Fault.TRUNCATED_ANSWER) {
                    out.write(buf, 0, Math.max(1, n / 2));
                    out.flush();
                    faulted.incrementAndGet();
                    closeQuietly(to);
                    closeQuietly(from);
                    return;
                }
                if (f == Fault.SLOW_LINK) {
                    for (int off = 0; off < n; off += 64) {
                        int len = Math.min(64, n - off);
                        out.write(buf, off, len);
                        out.flush();
                        Thread.sleep(1000L * len / BYTES_PER_SECOND);
                    }
                    faulted.incrementAndGet();
                } else {
                    out.write(buf, 0, n);
                    out.flush();
                }
                sent += n;
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(from);
        }
    }

    /** Closes both sockets with a TCP reset (SO_LINGER 0) rather than an orderly FIN. */
    private static void reset(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.setSoLinger(true, 0);
            } catch (SocketException e) {
                // already closed
            }
            closeQuietly(s);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}

package io.crmsync.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy between two programs that damages the answers to large-value downloads ({@code GET
 * …/peer/<key>/blob/…}) while a tamper is set: the answer's body (the sealed value) is read whole, passed
 * through the tamper, and sent on; a shorter result is sent as it is and the connection closed, as a link
 * that breaks mid-transfer does. Everything else, and everything while no tamper is set, passes unchanged.
 */
final class BlobTamperProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tampered = new AtomicInteger();
    private volatile UnaryOperator<byte[]> tamper;
    private volatile boolean closed;

    BlobTamperProxy(int port, int targetPort) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        daemon("tamper-proxy-" + port, () -> {
            while (!closed) {
                Socket client = server.accept();
                Socket upstream = new Socket("127.0.0.1", targetPort);
                open.add(client);
                open.add(upstream);
                AtomicBoolean blobAsked = new AtomicBoolean();
                daemon("tamper-up", () -> requests(client.getInputStream(), upstream.getOutputStream(), blobAsked));
                daemon("tamper-down", () -> answers(upstream.getInputStream(), client, blobAsked));
            }
        });
    }

    /** Damages every large-value download from now on ({@code null}: none). */
    void tamper(UnaryOperator<byte[]> t) {
        tamper = t;
        tampered.set(0);
    }

    /** How many downloads were damaged since the tamper was set. */
    int tampered() {
        return tampered.get();
    }

    /** Copies requests on; notes a large-value download, whose answer comes next on this connection. */
    private static void requests(InputStream in, OutputStream out, AtomicBoolean blobAsked) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            int get = text.indexOf("GET /");
            if (get >= 0 && text.indexOf("/blob/", get) > get && text.indexOf("/blob/", get) < text.indexOf('\n', get)) {
                blobAsked.set(true);
            }
            out.write(buf, 0, n);
            out.flush();
        }
        out.close();
    }

    private void answers(InputStream in, Socket client, AtomicBoolean blobAsked) throws IOException {
        OutputStream out = client.getOutputStream();
        while (true) {
            UnaryOperator<byte[]> t = tamper;
            if (blobAsked.get() && t != null) {
                byte[] head = readHead(in);
                if (head == null) {
                    break;
                }
                blobAsked.set(false);
                int length = contentLength(head);
                if (length < 0) {
                    out.write(head); // not a value whose bytes can be counted: passed on unchanged
                    continue;
                }
                byte[] body = in.readNBytes(length);
                byte[] damaged = t.apply(body);
                tampered.incrementAndGet();
                out.write(head);
                out.write(damaged);
                out.flush();
                if (damaged.length < body.length) {
                    client.close(); // cut off: the rest never comes
                    return;
                }
                continue;
            }
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            out.flush();
        }
        out.close();
    }

    /** The status line and headers of an answer, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static int contentLength(byte[] head) {
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void daemon(String name, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                // the connection or the proxy ended
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An HTTP/1.1 proxy between two programs that damages the answers to large-value downloads ({@code GET
 * …/peer/<key>/blob/…}) while a tamper is set: such an answer's body (the sealed value) is read whole,
 * passed through the tamper, and sent on; a shorter result is sent as it is and the connection closed, as a
 * link that breaks mid-transfer does. Requests and answers are followed message by message on kept-alive
 * connections (Content-Length or chunked bodies); everything else passes unchanged.
 */
final class BlobTamperProxy implements AutoCloseable {
    private static final String BLOB = "blob";
    private static final String OTHER = "other";

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
                BlockingQueue<String> asked = new LinkedBlockingQueue<>();
                daemon("tamper-up", () -> requests(client, upstream, asked));
                daemon("tamper-down", () -> answers(upstream, client, asked));
            }
        });
    }

    /** Damages every large-value download from now on ({@code null}: none). */
    void tamper(UnaryOperator<byte[]> t) {
        tamper = t;
        tampered.set(0);
    }

    /** How many downloads were damaged since the tamper was last set. */
    int tampered() {
        return tampered.get();
    }

    /** Passes requests on one by one, noting for each whether it asks for a large value. */
    private void requests(Socket client, Socket upstream, BlockingQueue<String> asked) throws IOException {
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (byte[] head; (head = readHead(in)) != null; ) {
                String requestLine = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                asked.add(requestLine.startsWith("GET ") && requestLine.contains("/blob/") ? BLOB : OTHER);
                out.write(head);
                copyBody(head, in, out, false);
                out.flush();
            }
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Passes answers on one by one, in the order of the requests; damages those of large values. */
    private void answers(Socket upstream, Socket client, BlockingQueue<String> asked) throws Exception {
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (byte[] head; (head = readHead(in)) != null; ) {
                String kind = asked.take();
                UnaryOperator<byte[]> t = tamper;
                long length = contentLength(head);
                if (kind.equals(BLOB) && t != null && length >= 0) {
                    byte[] body = in.readNBytes((int) length);
                    byte[] damaged = t.apply(body);
                    tampered.incrementAndGet();
                    out.write(head);
                    out.write(damaged);
                    out.flush();
                    if (damaged.length < body.length) {
                        return; // cut off: the connection ends here
                    }
                } else {
                    out.write(head);
                    copyBody(head, in, out, true);
                    out.flush();
                }
            }
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** The start line and headers of a message, up to and including the blank line; null at the end. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    /** Copies one message's body: by its Content-Length, chunk by chunk, or (an answer without either) to the end. */
    private static void copyBody(byte[] head, InputStream in, OutputStream out, boolean answer) throws IOException {
        String status = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        if (answer && (status.contains(" 204 ") || status.contains(" 304 ") || status.matches("HTTP/\\S+ 1\\d\\d .*"))) {
            return;
        }
        long length = contentLength(head);
        if (length >= 0) {
            copy(in, out, length);
        } else if (header(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = readLine(in);
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    for (String trailer; !(trailer = readLine(in)).isEmpty(); ) {
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                copy(in, out, size + 2); // the chunk and its CRLF
            }
        } else if (answer) {
            in.transferTo(out);
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[8192];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("message ended early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        throw new IOException("message ended early");
    }

    private static long contentLength(byte[] head) {
        String v = header(head, "content-length");
        return v.isEmpty() ? -1 : Long.parseLong(v);
    }

    private static String header(byte[] head, String name) {
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
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

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(BlobTamperProxy::closeQuietly);
    }
}

package io.crmsync.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client that can choose its source address. Lockouts count failures per remote
 * address, and Java 17's HttpClient cannot pick its source: a test that sends many bad requests
 * sends each from another loopback address (127.0.0.0/8 all reaches the local host), so the
 * programs' own requests from 127.0.0.1 are never locked out. It also lets a test send headers
 * that announce a body it never sends.
 */
final class RawHttp {
    private RawHttp() {}

    record Reply(int status, Map<String, String> headers, String body) {
    }

    /** Sends one request from {@code from} to 127.0.0.1:{@code port}; {@code url} gives the path. */
    static Reply send(String from, int port, String method, String url, Map<String, String> headers, byte[] body) {
        try (Socket s = connect(from, port)) {
            writeHead(s, method, url, headers, "Content-Length: " + body.length);
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            return readReply(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " from " + from, e);
        }
    }

    static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** The request line and headers; {@code length} is the body's framing header. */
    static void writeHead(Socket s, String method, String url, Map<String, String> headers, String length)
            throws IOException {
        URI u = URI.create(url);
        StringBuilder head = new StringBuilder(method + " " + u.getRawPath() + " HTTP/1.1\r\n")
                .append("Host: ").append(u.getHost()).append(':').append(u.getPort()).append("\r\n")
                .append("Connection: close\r\n")
                .append(length).append("\r\n");
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            head.append("Content-Type: application/json\r\n");
        }
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        s.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Status, headers (lower-case names) and body; reads no further than the response. */
    static Reply readReply(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16); n > 0;
                    n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        }
        return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers,
                body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed in the middle of the response: " + out);
            }
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}

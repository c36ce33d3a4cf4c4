package io.crmsync.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What an observer sees of a sync: every byte through a TCP proxy between the programs, or every file
 * that appears in the sync's folders (looked at every 20 ms, each version of a file read once), searched
 * for marker strings as it streams by.
 */
final class MarkerWatch implements AutoCloseable {
    private final List<byte[]> markers;
    private final Set<String> found = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesSeen = new AtomicLong();
    private final Set<String> filesSeen = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> parts = new ArrayList<>();
    private volatile boolean closed;

    MarkerWatch(String... markers) {
        this.markers = Stream.of(markers).map(m -> m.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The markers seen anywhere so far. */
    Set<String> found() {
        return Set.copyOf(found);
    }

    long bytesSeen() {
        return bytesSeen.get();
    }

    /** The names of the files read so far. */
    Set<String> filesSeen() {
        return Set.copyOf(filesSeen);
    }

    /** A proxy on {@code port} to {@code targetPort} on 127.0.0.1 whose traffic both ways is searched. */
    void proxy(int port, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        parts.add(server);
        daemon("watch-proxy-" + port, () -> {
            while (!closed) {
                Socket client = server.accept();
                Socket upstream = new Socket("127.0.0.1", targetPort);
                parts.add(client);
                parts.add(upstream);
                daemon("watch-up", () -> pump(client.getInputStream(), upstream.getOutputStream()));
                daemon("watch-down", () -> pump(upstream.getInputStream(), client.getOutputStream()));
            }
        });
    }

    /** Reads every file that appears under {@code dirs} (subfolders too), each new version once. */
    void folders(Path... dirs) {
        Map<String, String> versions = new ConcurrentHashMap<>();
        daemon("watch-folders", () -> {
            while (!closed) {
                for (Path dir : dirs) {
                    List<Path> files;
                    try (Stream<Path> s = Files.walk(dir)) {
                        files = s.filter(Files::isRegularFile).toList();
                    } catch (IOException e) {
                        continue; // a file renamed or removed while listed: the next look sees it
                    }
                    for (Path f : files) {
                        try {
                            String version = Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis();
                            if (!version.equals(versions.put(f.toString(), version))) {
                                try (InputStream in = Files.newInputStream(f)) {
                                    pump(in, OutputStream.nullOutputStream());
                                }
                                filesSeen.add(f.getFileName().toString());
                            }
                        } catch (IOException gone) {
                            versions.remove(f.toString());
                        }
                    }
                }
                Thread.sleep(20);
            }
        });
    }

    /** Copies {@code in} to {@code out}, searching what passes for the markers. */
    private void pump(InputStream in, OutputStream out) throws IOException {
        int keep = markers.stream().mapToInt(m -> m.length).max().orElse(1) - 1;
        byte[] window = new byte[keep + 64 * 1024];
        int tail = 0;
        for (int n; (n = in.read(window, tail, window.length - tail)) > 0; ) {
            out.write(window, tail, n);
            out.flush();
            bytesSeen.addAndGet(n);
            int length = tail + n;
            for (int i = 0; i < markers.size(); i++) {
                if (indexOf(window, length, markers.get(i)) >= 0) {
                    found.add(new String(markers.get(i), StandardCharsets.UTF_8));
                }
            }
            tail = Math.min(keep, length);
            System.arraycopy(window, length - tail, window, 0, tail);
        }
    }

    private static int indexOf(byte[] hay, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private interface Work {
        void run() throws Exception;
    }

    private void daemon(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                // the connection or the watch ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}

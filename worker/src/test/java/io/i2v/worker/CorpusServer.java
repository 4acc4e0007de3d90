package io.i2v.worker;

import com.sun.net.httpserver.HttpServer;
import io.i2v.worker.media.TestInputs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server on loopback standing in for "an image on the internet" in the corpus test.
 * Loopback is refused by the real URL policy, so the corpus profile exempts exactly this
 * address:port (and allows http) — a test-only allowance; every other internal address,
 * including the redirect targets served here, stays refused.
 */
final class CorpusServer {
    /** Quarkus loads test classes twice (profile and test run); the one server's port is shared here. */
    private static final String PORT = "corpus-test.server-port";

    private static CorpusServer instance;

    private final int port;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    private CorpusServer(int port) {
        this.port = port;
    }

    private CorpusServer() throws IOException {
        files.put("photo.jpg", TestInputs.jpeg(InputCorpusTest.quadrants(480, 320)));
        files.put("fake.jpg", text("<html>not an image</html>"));
        HttpServer server;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/redirect/")) {
                String target = switch (path) {
                    case "/redirect/metadata" -> "http://169.254.169.254/latest/meta-data/iam/";
                    case "/redirect/private" -> "http://10.0.0.1/photo.jpg";
                    default -> "/files/" + path.substring("/redirect/".length());
                };
                ex.getResponseHeaders().add("Location", target);
                ex.sendResponseHeaders(302, -1);
                ex.close();
                return;
            }
            byte[] body = files.get(path.replaceFirst("^/files/", ""));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "image/jpeg"); // a lie for the text file: bytes decide
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        port = server.getAddress().getPort();
        System.setProperty(PORT, String.valueOf(port));
    }

    static synchronized CorpusServer get() {
        if (instance == null && System.getProperty(PORT) != null) {
            instance = new CorpusServer(Integer.parseInt(System.getProperty(PORT)));
        }
        if (instance == null) {
            try {
                instance = new CorpusServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

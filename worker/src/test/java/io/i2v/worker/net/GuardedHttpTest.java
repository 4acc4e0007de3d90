package io.i2v.worker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.i2v.core.net.AddressPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real server on loopback: refused addresses never get a connection; redirects are not followed. */
class GuardedHttpTest {
    private HttpServer server;
    private final List<String> hits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hits.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/target");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void hostResolvingToLoopbackIsRefusedBeforeAnyConnection() throws Exception {
        try (GuardedHttp http = new GuardedHttp(AddressPolicy.PUBLIC_ONLY, Duration.ofSeconds(5))) {
            for (String host : List.of("localhost", "127.0.0.1", "[::ffff:127.0.0.1]")) {
                GuardedHttp.RefusedAddress refused = assertThrows(GuardedHttp.RefusedAddress.class,
                        () -> http.postJson("http://" + host + ":" + port() + "/hook", "{}", Map.of()));
                assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
            }
        }
        assertEquals(List.of(), hits, "the server must never see a request");
    }

    @Test
    void metadataAndPrivateAddressesAreRefusedEvenWhereLoopbackIsAllowed() throws Exception {
        try (GuardedHttp http = new GuardedHttp(new AddressPolicy(true), Duration.ofSeconds(5))) {
            for (String url : List.of("https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook",
                    "https://[fe80::1]/hook")) {
                assertThrows(GuardedHttp.RefusedAddress.class, () -> http.postJson(url, "{}", Map.of()), url);
            }
            assertEquals(204, http.postJson("http://127.0.0.1:" + port() + "/hook", "{}", Map.of()));
        }
    }

    @Test
    void redirectIsReportedNotFollowed() throws Exception {
        try (GuardedHttp http = new GuardedHttp(new AddressPolicy(true), Duration.ofSeconds(5))) {
            assertEquals(302, http.postJson("http://127.0.0.1:" + port() + "/moved", "{}", Map.of()));
        }
        assertEquals(List.of("/moved"), hits);
    }

    private int port() {
        return server.getAddress().getPort();
    }
}

package io.i2v.worker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.i2v.core.error.I2vException;
import io.i2v.core.net.OutboundPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook POSTs against a real server on loopback: refused addresses never get a connection; redirects are not followed. */
class GuardedHttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
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
        OutboundPolicy httpButNothingExempt = new OutboundPolicy(List.of("https", "http"), List.of());
        try (GuardedHttp http = new GuardedHttp(httpButNothingExempt)) {
            GuardedHttp.RefusedAddress refused = assertThrows(
                    GuardedHttp.RefusedAddress.class,
                    () -> http.postJson("http://localhost:" + port() + "/hook", "{}", Map.of(), TIMEOUT));
            assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
            for (String host : List.of("127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1")) {
                I2vException e = assertThrows(
                        I2vException.class,
                        () -> http.postJson("http://" + host + ":" + port() + "/hook", "{}", Map.of(), TIMEOUT),
                        host);
                assertEquals("url_not_allowed", e.code().code(), e.getMessage());
            }
        }
        assertEquals(List.of(), hits, "the server must never see a request");
    }

    @Test
    void metadataAndPrivateAddressesAreRefusedEvenWhereLoopbackIsExempt() throws Exception {
        try (GuardedHttp http = new GuardedHttp(localDevelopment())) {
            for (String url : List.of(
                    "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook", "https://[fe80::1]/hook")) {
                assertThrows(I2vException.class, () -> http.postJson(url, "{}", Map.of(), TIMEOUT), url);
            }
            assertEquals(204, http.postJson("http://127.0.0.1:" + port() + "/hook", "{}", Map.of(), TIMEOUT));
        }
    }

    @Test
    void aNameWhoseAnswersIncludeAnInternalAddressIsRefused() throws Exception {
        InetAddress[] mixed = {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.1")};
        try (GuardedHttp http = new GuardedHttp(localDevelopment(), host -> mixed)) {
            GuardedHttp.RefusedAddress refused = assertThrows(
                    GuardedHttp.RefusedAddress.class,
                    () -> http.postJson("http://hooks.test:" + port() + "/hook", "{}", Map.of(), TIMEOUT));
            assertTrue(refused.getMessage().contains("10.0.0.1"), refused.getMessage());
        }
        assertEquals(List.of(), hits);
    }

    @Test
    void redirectIsReportedNotFollowed() throws Exception {
        try (GuardedHttp http = new GuardedHttp(localDevelopment())) {
            assertEquals(302, http.postJson("http://127.0.0.1:" + port() + "/moved", "{}", Map.of(), TIMEOUT));
        }
        assertEquals(List.of("/moved"), hits);
    }

    /** http allowed and every port of 127.0.0.1 exempt: the local-development setting. */
    private static OutboundPolicy localDevelopment() {
        return new OutboundPolicy(List.of("https", "http"), List.of("127.0.0.1:*"));
    }

    private int port() {
        return server.getAddress().getPort();
    }
}

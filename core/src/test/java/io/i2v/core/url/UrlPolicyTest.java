package io.i2v.core.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.I2vException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production policy (no exemptions, https only) refuses every way into an internal network. */
class UrlPolicyTest {
    final UrlPolicy policy = new UrlPolicy(false, List.of());

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/a.jpg", "https://[::1]/a.jpg", "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.1/a.jpg", "https://172.16.5.4/a.jpg", "https://192.168.1.1/a.jpg", "https://[fd00::1]/a.jpg",
        "https://[fe80::1]/a.jpg", "https://0.0.0.0/a.jpg", "https://[::]/a.jpg", "https://224.0.0.1/a.jpg",
        "https://[::ffff:127.0.0.1]/a.jpg", "https://100.64.0.1/a.jpg", "https://2130706433/a.jpg",
        "https://0x7f.0.0.1/a.jpg", "https://[64:ff9b::a00:1]/a.jpg", "https://[2002:a00:1::]/a.jpg",
        "https://localhost/a.jpg", "file:///etc/passwd", "ftp://example.com/a.jpg", "http://example.com/a.jpg",
        "gopher://example.com/", "https://user:pw@example.com/a.jpg", "not a url", "https:///nohost"})
    void internalAddressesAndOtherSchemesAreRefused(String url) {
        I2vException e = assertThrows(I2vException.class, () -> policy.resolve(policy.check(url)));
        assertEquals("url_not_allowed", e.code().code(), url + ": " + e.getMessage());
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertTrue(UrlPolicy.isPublic(InetAddress.getByName("93.184.216.34")));
        assertTrue(UrlPolicy.isPublic(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946")));
        assertEquals("https", policy.check("https://93.184.216.34/photo.jpg").getScheme());
    }

    @Test
    void recordedUrlsLoseTheirTokens() {
        assertEquals("https://bucket.s3.amazonaws.com/a/photo.jpg", UrlPolicy.withoutSecrets(
                "https://user:pw@bucket.s3.amazonaws.com/a/photo.jpg?X-Amz-Signature=abc&X-Amz-Credential=k#f"));
    }

    @Test
    void httpOnlyWhenConfiguredAndExemptionsAreExactAddressAndPort() throws Exception {
        UrlPolicy local = new UrlPolicy(true, List.of("127.0.0.1:8089"));
        local.check("http://127.0.0.1:8089/a.jpg");
        assertThrows(I2vException.class, () -> local.check("http://127.0.0.1:8090/a.jpg"));
        assertThrows(I2vException.class, () -> local.check("http://10.0.0.1:8089/a.jpg"));
        assertFalse(UrlPolicy.isPublic(InetAddress.getByName("127.0.0.1")));
    }
}

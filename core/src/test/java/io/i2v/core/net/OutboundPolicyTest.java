package io.i2v.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.I2vException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The production policy (https only, nothing exempt) refuses every way into an internal network, for every use. */
class OutboundPolicyTest {
    final OutboundPolicy policy = OutboundPolicy.publicHttpsOnly();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/a.jpg",
                "https://[::1]/a.jpg",
                "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.1/a.jpg",
                "https://172.16.5.4/a.jpg",
                "https://192.168.1.1/a.jpg",
                "https://[fd00::1]/a.jpg",
                "https://[fe80::1]/a.jpg",
                "https://0.0.0.0/a.jpg",
                "https://[::]/a.jpg",
                "https://224.0.0.1/a.jpg",
                "https://[::ffff:127.0.0.1]/a.jpg",
                "https://[::ffff:a9fe:a9fe]/a.jpg",
                "https://100.64.0.1/a.jpg",
                "https://2130706433/a.jpg",
                "https://0x7f.0.0.1/a.jpg",
                "https://0x7f000001/a.jpg",
                "https://017700000001/a.jpg",
                "https://0177.0.0.1/a.jpg",
                "https://127.1/a.jpg",
                "https://127.0.0.1./a.jpg",
                "https://0xa9.0xfe.0xa9.0xfe/",
                "https://2852039166/latest",
                "https://[64:ff9b::a00:1]/a.jpg",
                "https://[2002:a00:1::]/a.jpg",
                "https://localhost/a.jpg",
                "file:///etc/passwd",
                "ftp://example.com/a.jpg",
                "http://example.com/a.jpg",
                "gopher://example.com/",
                "https://user:pw@example.com/a.jpg",
                "not a url",
                "https:///nohost",
                "https://1.2.3.256/a.jpg",
                "https://1.2.3.4.5/a.jpg"
            })
    void internalAddressesOddSpellingsAndOtherSchemesAreRefusedForEveryUse(String url) {
        for (UrlUse use : UrlUse.values()) {
            I2vException e = assertThrows(I2vException.class, () -> policy.admit(url, use), url);
            assertEquals("url_not_allowed", e.code().code(), url + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "::1",
                "169.254.169.254",
                "fe80::1",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "fc00::1",
                "fd12:3456::1",
                "224.0.0.1",
                "ff02::1",
                "0.0.0.0",
                "::",
                "100.64.0.1",
                "255.255.255.255",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.0.0.1"
            })
    void internalAddressesAreRefusedAtConnectTime(String address) throws Exception {
        assertTrue(policy.refusal(InetAddress.getByName(address), 443).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "2606:4700::1111",
                "::ffff:8.8.8.8",
                "2606:2800:220:1:248:1893:25c8:1946"
            })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertFalse(policy.refusal(InetAddress.getByName(address), 443).isPresent(), address);
        assertEquals(
                "https",
                policy.check(
                                "https://" + (address.contains(":") ? "[" + address + "]" : address) + "/photo.jpg",
                                UrlUse.IMAGE)
                        .getScheme());
    }

    @Test
    void refusalsKeepTheWordsCallersHaveSeen() {
        assertEquals("image urls must use https; got \"ftp://\"", message("ftp://example.com/a.jpg", UrlUse.IMAGE));
        assertEquals(
                "image url points to a non-public address (link-local)",
                message("https://169.254.169.254/latest", UrlUse.IMAGE));
        assertEquals(
                "image url host \"0x7f.0.0.1\" is not a valid address",
                message("https://0x7f.0.0.1/a.jpg", UrlUse.IMAGE));
        assertEquals(
                "webhookUrl must be https://…; got scheme \"ftp\"", message("ftp://example.com/h", UrlUse.WEBHOOK));
        assertEquals(
                "webhookUrl points to a private or reserved address; only public addresses are allowed",
                message("https://10.0.0.1/hook", UrlUse.WEBHOOK));
        assertEquals("webhookUrl must not carry credentials", message("https://u:p@example.com/h", UrlUse.WEBHOOK));
        assertEquals(
                "webhookUrl is longer than 2048 characters",
                message("https://example.com/" + "a".repeat(2048), UrlUse.WEBHOOK));
    }

    @Test
    void recordedUrlsLoseTheirTokens() {
        assertEquals(
                "https://bucket.s3.amazonaws.com/a/photo.jpg",
                OutboundPolicy.withoutSecrets(
                        "https://user:pw@bucket.s3.amazonaws.com/a/photo.jpg?X-Amz-Signature=abc&X-Amz-Credential=k#f"));
    }

    @ParameterizedTest
    @EnumSource(UrlUse.class)
    void httpOnlyWhenConfiguredAndExemptionsAreExactAddressAndPort(UrlUse use) throws Exception {
        OutboundPolicy local = new OutboundPolicy(List.of("https", "http"), List.of("127.0.0.1:8089", "[::1]:8089"));
        local.check("http://127.0.0.1:8089/a.jpg", use);
        local.check("http://[::1]:8089/a.jpg", use);
        assertThrows(I2vException.class, () -> local.check("http://127.0.0.1:8090/a.jpg", use));
        assertThrows(I2vException.class, () -> local.check("http://10.0.0.1:8089/a.jpg", use));
        assertThrows(I2vException.class, () -> local.check("http://0x7f.1:8089/a.jpg", use));
        assertTrue(local.refusal(InetAddress.getByName("127.0.0.2"), 8089).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.0.0.1", "fe80::1", "127.0.0.2"})
    void exemptingEveryPortOfOneAddressStillRefusesEverythingElseInternal(String address) throws Exception {
        OutboundPolicy local = new OutboundPolicy(List.of("https", "http"), List.of("127.0.0.1:*"));
        assertFalse(local.refusal(InetAddress.getByName("127.0.0.1"), 1234).isPresent());
        assertTrue(local.refusal(InetAddress.getByName(address), 1234).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8089", "127.0.0.1", "::1:8089", "127.1:8089", "127.0.0.1:http"})
    void exemptionsMustBeWrittenAsAddressAndPort(String entry) {
        assertThrows(IllegalArgumentException.class, () -> new OutboundPolicy(List.of("https"), List.of(entry)));
    }

    private String message(String url, UrlUse use) {
        return assertThrows(I2vException.class, () -> policy.check(url, use)).getMessage();
    }
}

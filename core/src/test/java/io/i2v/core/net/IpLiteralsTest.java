package io.i2v.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every spelling of an address means the address a browser or inet_aton would connect to. */
class IpLiteralsTest {
    @ParameterizedTest
    @CsvSource({
        "2130706433,127.0.0.1",
        "0x7f.0.0.1,127.0.0.1",
        "0x7f000001,127.0.0.1",
        "017700000001,127.0.0.1",
        "0177.0.0.1,127.0.0.1",
        "127.1,127.0.0.1",
        "127.0.1,127.0.0.1",
        "127.0.0.1.,127.0.0.1",
        "0xa9.0xfe.0xa9.0xfe,169.254.169.254",
        "2852039166,169.254.169.254",
        "0,0.0.0.0",
        "0x,0.0.0.0",
        "010.0.0.1,8.0.0.1"
    })
    void oddSpellingsAreReadAsTheirAddressAndMarkedNotCanonical(String host, String address) throws Exception {
        IpLiterals.Literal literal = IpLiterals.parse(host).orElseThrow();
        assertEquals(address, literal.address().getHostAddress());
        assertFalse(literal.canonical(), host);
    }

    @ParameterizedTest
    @CsvSource({
        "93.184.215.14,93.184.215.14",
        "[::1],0:0:0:0:0:0:0:1",
        "::ffff:127.0.0.1,127.0.0.1",
        "[::ffff:a9fe:a9fe],169.254.169.254",
        "[fe80::1],fe80:0:0:0:0:0:0:1"
    })
    void usualSpellingsAreCanonical(String host, String address) throws Exception {
        IpLiterals.Literal literal = IpLiterals.parse(host).orElseThrow();
        assertEquals(address, literal.address().getHostAddress());
        assertTrue(literal.canonical(), host);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.256",
                "1.2.3.4.5",
                "256.1",
                "1.16777216",
                "4294967296",
                "08.1.1.1",
                "1..2",
                "[::g]",
                "[1:2:3:4:5:6:7:8:9]"
            })
    void invalidAddressesAreRefusedNotLookedUp(String host) {
        assertThrows(IpLiterals.Invalid.class, () -> IpLiterals.parse(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "images.example.com.", "localhost", "1.example", "cdn-1.2x"})
    void namesAreNames(String host) throws Exception {
        assertTrue(IpLiterals.parse(host).isEmpty(), host);
    }
}

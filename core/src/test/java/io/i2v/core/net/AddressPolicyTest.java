package io.i2v.core.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "169.254.169.254", "fe80::1", "10.0.0.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::",
            "100.64.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1"})
    void internalAddressesAreRefused(String address) throws Exception {
        assertFalse(AddressPolicy.PUBLIC_ONLY.allows(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertTrue(AddressPolicy.PUBLIC_ONLY.allows(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.0.0.1", "fe80::1"})
    void allowingLoopbackForLocalUseStillRefusesEverythingElseInternal(String address) throws Exception {
        AddressPolicy local = new AddressPolicy(true);
        assertTrue(local.allows(InetAddress.getByName("127.0.0.1")));
        assertFalse(local.allows(InetAddress.getByName(address)), address);
    }
}

package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses ft.request may reach when the host allows no private networks. */
class InetAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "198.18.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12::1",
                "::ffff:127.0.0.1",
                "::7f00:1",
                "::ffff:0:7f00:1",
                "64:ff9b::a9fe:a9fe",
                "64:ff9b:1::a00:1",
                "64:ff9b:1:7f00:0:100:808:808",
                "2002:7f00:1::1",
                "2002:a00:1::1",
                "2001::1",
                "ff02::1"
            })
    void privateLoopbackReservedAndTheirIpv6FormsAreNotPublic(String address) {
        assertThat(InetAddresses.isPublic(address)).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "2606:2800:220:1:248:1893:25c8:1946",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void publicAddressesArePublic(String address) {
        assertThat(InetAddresses.isPublic(address)).as(address).isTrue();
    }
}

package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualAddressParserTest {

    private static VirtualAddress parse(String token, AddressFamilies families) throws InvalidResourceException {
        return VirtualAddressParser.parse(ResourceSpec.parse(token), families);
    }

    @Test
    void bareAddressLeavesEverythingElseToTheNode() throws Exception {
        VirtualAddress address = parse("IPaddr::192.168.1.10", AddressFamilies.IPV4_ONLY);

        assertThat(address.address()).isEqualTo(InetAddress.getByName("192.168.1.10"));
        assertThat(address.prefixLength()).isEmpty();
        assertThat(address.device()).isEmpty();
        assertThat(address.label()).isEmpty();
        assertThat(address.broadcast()).isEmpty();
    }

    @Test
    void fullFormCarriesPrefixDeviceLabelAndBroadcast() throws Exception {
        VirtualAddress address = parse("IPaddr2::192.168.1.10/24/eth0:0/192.168.1.255", AddressFamilies.IPV4_AND_IPV6);

        assertThat(address.prefixLength()).isEqualTo(OptionalInt.of(24));
        assertThat(address.device()).contains("eth0");
        assertThat(address.label()).contains("eth0:0");
        assertThat(address.broadcast()).contains(InetAddress.getByName("192.168.1.255"));
    }

    @Test
    void thirdFieldStartingWithADigitIsTheBroadcastAsInHeartbeatsWrapper() throws Exception {
        VirtualAddress address = parse("IPaddr::10.0.0.5/16/10.0.255.255", AddressFamilies.IPV4_ONLY);

        assertThat(address.device()).isEmpty();
        assertThat(address.broadcast()).contains(InetAddress.getByName("10.0.255.255"));
    }

    @ParameterizedTest
    @CsvSource({"255.255.255.0,24", "255.255.0.0,16", "255.255.255.255,32", "0.0.0.0,0", "255.255.255.252,30"})
    void dottedNetmaskBecomesAPrefixLength(String netmask, int prefix) throws Exception {
        assertThat(parse("IPaddr::10.1.2.3/" + netmask, AddressFamilies.IPV4_ONLY).prefixLength()).hasValue(prefix);
    }

    @Test
    void ipv6FormTakesPrefixAndDevice() throws Exception {
        VirtualAddress address = parse("IPv6addr::fd00:1::10/64/eth1", AddressFamilies.IPV6_ONLY);

        assertThat(address.isIpv6()).isTrue();
        assertThat(address.text()).isEqualTo("fd00:1:0:0:0:0:0:10");
        assertThat(address.prefixLength()).hasValue(64);
        assertThat(address.device()).contains("eth1");
    }

    @Test
    void compressedIpv6SurvivesHaresourcesDoubleColonSeparator() throws Exception {
        ResourceSpec spec = ResourceSpec.parse("IPv6addr::2001:db8::10/64/eth0");
        assertThat(spec.arguments()).hasSize(2);

        VirtualAddress address = VirtualAddressParser.parse(spec, AddressFamilies.IPV6_ONLY);

        assertThat(address.address()).isEqualTo(InetAddress.getByName("2001:db8::10"));
        assertThat(address.device()).contains("eth0");
        assertThat(parse("IPv6addr::::a:1", AddressFamilies.IPV6_ONLY).address())
                .isEqualTo(InetAddress.getByName("::a:1"));
    }

    @Test
    void ipaddr2TakesIpv6Too() throws Exception {
        assertThat(parse("IPaddr2::2001:db8::7/64", AddressFamilies.IPV4_AND_IPV6).isIpv6()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IPaddr::10.0.0.256/24 | '10.0.0.256' is not an IPv4 address",
            "IPaddr::vip.example.com | 'vip.example.com' is not an IPv4 address",
            "IPaddr::10.0.0.1/33 | prefix length 33 is out of range 0-32",
            "IPaddr::10.0.0.1/x24 | prefix 'x24' is not a prefix length 0-32 or a dotted netmask",
            "IPaddr::10.0.0.1/255.0.255.0 | netmask '255.0.255.0' is not a contiguous IPv4 netmask",
            "IPaddr::10.0.0.1//eth0 | prefix '' is not a prefix length",
            "IPaddr::10.0.0.1/24/averyveryverylongname | 'averyveryverylongname' is not a network interface name",
            "IPaddr::10.0.0.1/24/eth0:/10.0.0.255 | interface label 'eth0:' must be device:suffix",
            "IPaddr::10.0.0.1/24/eth0/10.0.0.255/x | at most 4 are allowed",
            "IPaddr::10.0.0.1/24/eth0/2001:db8:0:0:0:0:0:1 | broadcast '2001:db8:0:0:0:0:0:1' is not an IPv4 address",
            "IPaddr::fd00:0:0:0:0:0:0:1/64 | 'fd00:0:0:0:0:0:0:1' is not an IPv4 address",
            "IPaddr::224.0.0.5 | cannot be a virtual address",
            "IPaddr::127.0.0.2 | cannot be a virtual address",
            "IPaddr | expects exactly one argument",
            "IPaddr::10.0.0.1::eth0 | expects exactly one argument",
    })
    void badIpv4ArgumentsAreRefusedNamingTheResource(String token, String message) {
        assertThatThrownBy(() -> parse(token, AddressFamilies.IPV4_ONLY))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageStartingWith(token + ": ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IPv6addr::10.0.0.1 | '10.0.0.1' is not an IPv6 address",
            "IPv6addr::fd00::1/129 | prefix length 129 is out of range 0-128",
            "IPv6addr::fd00::1/64/eth0/x | at most 3 are allowed",
            "IPv6addr::fd00::zz | 'fd00::zz' is not an IPv6 address",
            "IPv6addr::fd00::1%eth0 | 'fd00::1%eth0' is not an IPv6 address",
    })
    void badIpv6ArgumentsAreRefusedNamingTheResource(String token, String message) {
        assertThatThrownBy(() -> parse(token, AddressFamilies.IPV6_ONLY))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageStartingWith(token + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void ipv6HasNoBroadcast() {
        assertThatThrownBy(() -> parse("IPaddr2::fd00::1/64/eth0/10.0.0.255", AddressFamilies.IPV4_AND_IPV6))
                .hasMessageContaining("IPv6 has no broadcast address");
    }

    @Test
    void labelKeepsTheDeviceNameAsIprouteRequires() throws Exception {
        VirtualAddress address = parse("IPaddr2::10.0.0.9/24/bond0:vip", AddressFamilies.IPV4_AND_IPV6);

        assertThat(address.device()).isEqualTo(Optional.of("bond0"));
        assertThat(address.label()).isEqualTo(Optional.of("bond0:vip"));
    }
}

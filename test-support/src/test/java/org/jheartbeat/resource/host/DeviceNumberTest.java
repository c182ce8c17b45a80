package org.jheartbeat.resource.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceNumberTest {

    @Test
    void decodesGlibcDevTIncludingLargeMinors() {
        assertThat(DeviceNumber.fromDevT(0x0700L)).isEqualTo(new DeviceNumber(7, 0));
        assertThat(DeviceNumber.fromDevT(0xfe00L)).isEqualTo(new DeviceNumber(254, 0));
        assertThat(DeviceNumber.fromDevT(0x10301L)).isEqualTo(new DeviceNumber(259, 1));
        // makedev(259, 300): minor bits above 0xff live at bits 20..43.
        assertThat(DeviceNumber.fromDevT((300L & 0xff) | ((300L & ~0xffL) << 12) | (259L << 8)))
                .isEqualTo(new DeviceNumber(259, 300));
        // makedev(5000, 1): major bits above 0xfff live at bits 44..63.
        assertThat(DeviceNumber.fromDevT(1L | ((5000L & 0xfff) << 8) | ((5000L & ~0xfffL) << 32)))
                .isEqualTo(new DeviceNumber(5000, 1));
    }

    @Test
    void parsesMountinfoAndMapsNotation() {
        assertThat(DeviceNumber.parseDecimal("254:16")).isEqualTo(new DeviceNumber(254, 16));
        assertThat(DeviceNumber.parseHex("fe:10")).isEqualTo(new DeviceNumber(254, 16));
        assertThat(new DeviceNumber(7, 3)).hasToString("7:3");
        assertThatThrownBy(() -> DeviceNumber.parseDecimal("7:")).hasMessage("not a major:minor device number: '7:'");
    }
}

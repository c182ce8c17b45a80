package org.jheartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSpecTest {

    @Test
    void splitsTypeAndArgumentsOnDoubleColons() {
        ResourceSpec spec = ResourceSpec.parse("Filesystem::/dev/drbd0::/data::ext3");

        assertThat(spec.type()).isEqualTo("Filesystem");
        assertThat(spec.arguments()).containsExactly("/dev/drbd0", "/data", "ext3");
        assertThat(spec.id()).isEqualTo("Filesystem::/dev/drbd0::/data::ext3");
    }

    @Test
    void bareNameHasNoArguments() {
        ResourceSpec spec = ResourceSpec.parse("nfs-kernel-server");

        assertThat(spec.type()).isEqualTo("nfs-kernel-server");
        assertThat(spec.arguments()).isEmpty();
        assertThat(spec.id()).isEqualTo("nfs-kernel-server");
    }

    @Test
    void keepsEmptyArgumentsInTheirPlace() {
        ResourceSpec spec = ResourceSpec.parse("IPaddr2::10.0.0.1::::eth0");

        assertThat(spec.arguments()).containsExactly("10.0.0.1", "", "eth0");
        assertThat(spec.id()).isEqualTo("IPaddr2::10.0.0.1::::eth0");
    }

    @Test
    void refusesAnEmptyType() {
        assertThatThrownBy(() -> ResourceSpec.parse("::/data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new ResourceSpec("", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.shimmy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShimmyContextTest {
    @Test
    void shouldDefaultToOwnerOnlyFiles() {
        assertThat(PosixFilePermissions.toString(new ShimmyContext().filePermissions())).isEqualTo("rw-------");
    }

    @Test
    void shouldParseGroupAndOtherReadWriteBits() {
        assertThat(PosixFilePermissions.toString(ShimmyContext.parseMode("0660"))).isEqualTo("rw-rw----");
        assertThat(PosixFilePermissions.toString(ShimmyContext.parseMode("640"))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(ShimmyContext.parseMode("0666"))).isEqualTo("rw-rw-rw-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0777", "0400", "abc", "", "0700", "4600", "-600", "0200", "99"})
    void shouldRejectModesThatAreNotOwnerReadWritePlusReadWriteBits(final String mode) {
        assertThatThrownBy(() -> Shimmy.open(new ShimmyContext().dir(Path.of("/nonexistent")).mode(mode)))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("'" + mode + "'");
    }

    @Test
    void shouldRejectAnEmptyDirectory() {
        assertThatThrownBy(() -> new ShimmyContext().dir(Path.of("")).conclude())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("SHIMMY_DIR");
    }

    @Test
    void shouldKeepWhatWasSet() {
        final ShimmyContext context = new ShimmyContext().dir(Path.of("/tmp/x")).mode("0640").preTouch(false);

        assertThat(context.conclude()).isSameAs(context);
        assertThat(context.dir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(context.mode()).isEqualTo("0640");
        assertThat(context.preTouch()).isFalse();
    }
}

package io.shimmy.region;

import io.shimmy.InvalidNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "prices", "Prices.EU-1_v2", "x.", "0"})
    void shouldAcceptNamesOfTheAllowedCharacters(final String name) {
        assertThat(ChannelName.validate(name)).isEqualTo(name);
        assertThat(ChannelName.isValid(name)).isTrue();
    }

    @Test
    void shouldAcceptTwoHundredCharactersAndRejectTwoHundredAndOne() {
        assertThat(ChannelName.isValid("n".repeat(200))).isTrue();
        assertThatThrownBy(() -> ChannelName.validate("n".repeat(201)))
            .isInstanceOf(InvalidNameException.class)
            .hasMessageContaining("201 characters");
    }

    @Test
    void shouldRejectEmptyAndNullNames() {
        assertThatThrownBy(() -> ChannelName.validate("")).isInstanceOf(InvalidNameException.class)
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> ChannelName.validate(null)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void shouldRejectLeadingDotWhichMarksTemporaryFiles() {
        assertThatThrownBy(() -> ChannelName.validate(".hidden"))
            .isInstanceOf(InvalidNameException.class)
            .hasMessageContaining("starts with '.'");
    }

    @Test
    void shouldNameTheOffendingCharacterAndItsIndex() {
        assertThatThrownBy(() -> ChannelName.validate("a/b")).hasMessageContaining("'/' at index 1");
        assertThatThrownBy(() -> ChannelName.validate("a b")).hasMessageContaining("U+0020 at index 1");
        assertThatThrownBy(() -> ChannelName.validate("café")).hasMessageContaining("U+00E9 at index 3");
        assertThatThrownBy(() -> ChannelName.validate("..")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ChannelName.validate("tab\t")).hasMessageContaining("U+0009");
    }
}

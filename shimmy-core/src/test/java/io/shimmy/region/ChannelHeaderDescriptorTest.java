package io.shimmy.region;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.shimmy.region.ChannelHeaderDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

class ChannelHeaderDescriptorTest {
    @Test
    void shouldSpellShimmyInTheMagicNumber() {
        final byte[] bytes = new byte[8];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC);

        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("SHIMMY\r\n");
    }

    @Test
    void shouldLayOutTheHeaderAsDocumented() {
        assertThat(MAGIC_OFFSET).isZero();
        assertThat(LAYOUT_VERSION_OFFSET).isEqualTo(8);
        assertThat(KIND_OFFSET).isEqualTo(12);
        assertThat(READY_OFFSET).isEqualTo(16);
        assertThat(HEADER_LENGTH_OFFSET).isEqualTo(20);
        assertThat(FILE_LENGTH_OFFSET).isEqualTo(24);
        assertThat(CREATED_MS_OFFSET).isEqualTo(32);
        assertThat(CREATOR_PID_OFFSET).isEqualTo(40);
        assertThat(CREATOR_START_MS_OFFSET).isEqualTo(48);
        assertThat(FLAGS_OFFSET).isEqualTo(56);
        assertThat(NAME_LENGTH_OFFSET).isEqualTo(60);
        assertThat(NAME_OFFSET).isEqualTo(64);
        assertThat(PARAMS_OFFSET).isEqualTo(320);
        assertThat(HEADER_LENGTH).isEqualTo(512);
        assertThat(ERROR_LOG_OFFSET).isEqualTo(512);
        assertThat(BODY_OFFSET).isEqualTo(4096);
    }

    @Test
    void shouldAlignEveryOrderedFieldToItsSize() {
        assertThat(READY_OFFSET % 4).isZero();
        assertThat(FILE_LENGTH_OFFSET % 8).isZero();
        assertThat(ERROR_LOG_OFFSET % 128).isZero();
        assertThat(BODY_OFFSET % 4096).isZero();
    }

    @Test
    void shouldFitTheErrorLogEntriesBetweenHeaderAndBody() {
        assertThat(ErrorLogDescriptor.TEXT_OFFSET).isEqualTo(32);
        assertThat(ErrorLogDescriptor.TEXT_CAPACITY).isEqualTo(224);
        assertThat(ErrorLogDescriptor.entryOffset(0)).isEqualTo(ERROR_LOG_OFFSET + 128);
        assertThat(ErrorLogDescriptor.entryOffset(ErrorLogDescriptor.ENTRY_COUNT))
            .isLessThanOrEqualTo(BODY_OFFSET);
        assertThat(ErrorLogDescriptor.ENTRY_COUNT).isEqualTo(13);
    }

    @Test
    void shouldKnowEveryKindByItsCode() {
        for (final ChannelKind kind : ChannelKind.values()) {
            assertThat(ChannelKind.fromCode(kind.code())).isSameAs(kind);
        }
        assertThat(ChannelKind.TOPIC.code()).isEqualTo(1);
        assertThat(ChannelKind.fromCode(0)).isNull();
        assertThat(ChannelKind.fromCode(99)).isNull();
    }
}

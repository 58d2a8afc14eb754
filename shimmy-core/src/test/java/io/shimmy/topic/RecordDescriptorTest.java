package io.shimmy.topic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.shimmy.topic.RecordDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

class RecordDescriptorTest {
    @Test
    void shouldAlignRecordsTo32BytesIncludingTheHeader() {
        assertThat(alignedLength(0)).isEqualTo(32);
        assertThat(alignedLength(16)).isEqualTo(32);
        assertThat(alignedLength(17)).isEqualTo(64);
        assertThat(alignedLength(48)).isEqualTo(64);
        assertThat(alignedLength(49)).isEqualTo(96);
        assertThat(alignedLength(512)).isEqualTo(544);
    }

    @Test
    void shouldStampThePositionWithTheTypeInTheLowBits() {
        assertThat(stamp(4096, TYPE_DATA)).isEqualTo(4097);
        assertThat(stamp(1L << 40, TYPE_PADDING) & -ALIGNMENT).isEqualTo(1L << 40);
        assertThat(stamp(64, TYPE_FENCE) & (ALIGNMENT - 1)).isEqualTo(TYPE_FENCE);
        assertThat(stamp(64, TYPE_DATA)).isNotEqualTo(stamp(64 + 4096, TYPE_DATA));
    }

    @Test
    void shouldUseDistinctTypesThatFitBelowTheAlignment() {
        assertThat(List.of(TYPE_DATA, TYPE_PADDING, TYPE_FENCE))
            .doesNotHaveDuplicates()
            .allMatch(type -> type > 0 && type < ALIGNMENT);
    }

    @Test
    void shouldTakeOnlyWrittenTypesForTheExactPositionAsStamps() {
        assertThat(RecordDescriptor.isStampFor(RecordDescriptor.stamp(64, TYPE_DATA), 64)).isTrue();
        assertThat(RecordDescriptor.isStampFor(RecordDescriptor.stamp(64, TYPE_PADDING), 64)).isTrue();
        assertThat(RecordDescriptor.isStampFor(RecordDescriptor.stamp(64, TYPE_FENCE), 64)).isTrue();
        assertThat(RecordDescriptor.isStampFor(64 | 3, 64)).as("the reserved type").isFalse();
        assertThat(RecordDescriptor.isStampFor(64, 64)).as("no type").isFalse();
        assertThat(RecordDescriptor.isStampFor(RecordDescriptor.stamp(32, TYPE_DATA), 64)).isFalse();
    }

    @Test
    void shouldPackPublisherAndSequenceInTheSessionWord() {
        final int session = session(254, 0x1234_5678L);

        assertThat(session >>> 24).isEqualTo(254);
        assertThat(session & SEQUENCE_MASK).isEqualTo(0x34_5678);
        assertThat(HEADER_LENGTH).isEqualTo(16);
        assertThat(LENGTH_OFFSET).isEqualTo(8);
        assertThat(SESSION_OFFSET).isEqualTo(12);
    }
}

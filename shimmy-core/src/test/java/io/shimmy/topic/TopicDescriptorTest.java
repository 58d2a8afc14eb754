package io.shimmy.topic;

import io.shimmy.region.ChannelHeaderDescriptor;
import org.junit.jupiter.api.Test;

import static io.shimmy.topic.TopicDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

class TopicDescriptorTest {
    @Test
    void shouldPutTheParametersInTheHeadersKindSpecificArea() {
        assertThat(CAPACITY_OFFSET).isEqualTo(ChannelHeaderDescriptor.PARAMS_OFFSET).isEqualTo(320);
        assertThat(MAX_MESSAGE_LENGTH_OFFSET).isEqualTo(328);
        assertThat(MAX_PUBLISHERS_OFFSET).isEqualTo(332);
        assertThat(MAX_SUBSCRIBERS_OFFSET).isEqualTo(336);
        assertThat(LIVENESS_TIMEOUT_OFFSET).isEqualTo(344);
        assertThat(UNBLOCK_TIMEOUT_OFFSET).isEqualTo(352);
        assertThat(CONTROL_OFFSET_OFFSET).isEqualTo(360);
        assertThat(RING_OFFSET_OFFSET + 8)
            .isLessThanOrEqualTo(ChannelHeaderDescriptor.PARAMS_OFFSET + ChannelHeaderDescriptor.PARAMS_LENGTH);
    }

    @Test
    void shouldGiveEverySharedFieldOfTheControlBlockItsOwnLinePair() {
        assertThat(TAIL_OFFSET).isEqualTo(4096);
        assertThat(EVENTCOUNT_OFFSET - TAIL_OFFSET).isEqualTo(128);
        assertThat(WAITERS_OFFSET - EVENTCOUNT_OFFSET).isEqualTo(128);
        assertThat(RETIRED_OFFSET - WAITERS_OFFSET).isEqualTo(128);
        assertThat(RETIRED_LOST_BYTES_OFFSET + 8).isLessThanOrEqualTo(REPLICA_OFFSET);
        assertThat(PUBLISHERS_OFFSET).isEqualTo(4096 + 1024);
    }

    @Test
    void shouldLayTheReplicaControlAreaOutAsFormatMdSays() {
        assertThat(REPLICA_TAIL_OFFSET).isEqualTo(4608);
        assertThat(REPLICA_WRITER_OFFSET).isEqualTo(4736);
        assertThat(REPLICA_WRITER_OFFSET + PUB_CLAIM_OFFSET).isEqualTo(4784);
        assertThat(REPLICA_ORIGIN_OFFSET).isEqualTo(4864);
        assertThat(REPLICA_BASE_OFFSET).isEqualTo(4872);
        assertThat(REPLICA_START_OFFSET).isEqualTo(4888);
        assertThat(REPLICA_START_OFFSET + 8).isLessThanOrEqualTo(PUBLISHERS_OFFSET);
    }

    @Test
    void shouldFitEverySlotFieldInOneSlot() {
        assertThat(SUB_NAME_OFFSET + SUB_NAME_CAPACITY).isEqualTo(SLOT_LENGTH);
        assertThat(SUB_NAME_CAPACITY).isEqualTo(60);
        assertThat(PUB_BACK_PRESSURE_OFFSET + 8).isLessThanOrEqualTo(SLOT_LENGTH);
        assertThat(SUB_LOST_BYTES_OFFSET + 8).isLessThanOrEqualTo(SUB_NAME_LENGTH_OFFSET);
    }

    @Test
    void shouldLayTheSubscriberSlotOutAsFormatMdSays() {
        assertThat(SUB_POSITION_OFFSET).isEqualTo(24);
        assertThat(SUB_WAITING_OFFSET).isEqualTo(56);
        assertThat(SUB_JOINED_OFFSET).isEqualTo(60);
        assertThat(SUB_NAME_LENGTH_OFFSET).isEqualTo(64);
        assertThat(SUB_NAME_OFFSET).isEqualTo(68);
    }

    @Test
    void shouldCountOnlyTheMarkOfTheCurrentActiveWordAsJoined() {
        final long active = nextState(0, STATE_ACTIVE);
        final long evicted = nextState(active, STATE_EVICTED);
        final long takenOver = nextState(evicted, STATE_ACTIVE);
        final long freed = nextState(active, STATE_FREE);

        assertThat(joinedMark(active)).isNotZero();
        assertThat(joined(active, joinedMark(active))).isTrue();
        assertThat(joined(active, 0)).isFalse();
        assertThat(joined(evicted, joinedMark(active))).isFalse();
        assertThat(joined(evicted, joinedMark(evicted))).isFalse();
        assertThat(joined(takenOver, joinedMark(active))).isFalse();
        assertThat(joined(freed, joinedMark(freed))).isFalse();
        assertThat(joined(nextState(freed, STATE_ACTIVE), joinedMark(active))).isFalse();
    }

    @Test
    void shouldStartTheRingOnAPageAfterTheSlots() {
        assertThat(subscribersOffset(1)).isEqualTo(PUBLISHERS_OFFSET + 128);
        assertThat(ringOffset(1, 1)).isEqualTo(8192);
        assertThat(fileLength(4096, 1, 1)).isEqualTo(12288);
        assertThat(ringOffset(32, 64)).isEqualTo(20480);
        assertThat(ringOffset(MAX_PUBLISHERS_LIMIT, MAX_SUBSCRIBERS_LIMIT) % 4096).isZero();
        assertThat(ringOffset(MAX_PUBLISHERS_LIMIT, MAX_SUBSCRIBERS_LIMIT))
            .isGreaterThanOrEqualTo(subscribersOffset(MAX_PUBLISHERS_LIMIT) + MAX_SUBSCRIBERS_LIMIT * SLOT_LENGTH);
    }

    @Test
    void shouldKeepStateAndGenerationInOneWord() {
        final long free = 0;
        final long active = nextState(free, STATE_ACTIVE);
        final long evicted = nextState(active, STATE_EVICTED);
        final long again = nextState(evicted, STATE_ACTIVE);

        assertThat(state(free)).isEqualTo(STATE_FREE);
        assertThat(state(active)).isEqualTo(STATE_ACTIVE);
        assertThat(state(evicted)).isEqualTo(STATE_EVICTED);
        assertThat(state(again)).isEqualTo(STATE_ACTIVE);
        assertThat(again).isNotEqualTo(active);
        assertThat(again >>> 2).isEqualTo(3);
    }
}

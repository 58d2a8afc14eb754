package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ErrorLog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.shimmy.topic.TopicDescriptor.*;

/**
 * A snapshot of a topic for inspection ({@code shimmy stat}, {@code shimmy list}): positions, every publisher and
 * subscriber slot in use, counters and the error log. Reading it writes nothing to the topic.
 *
 * @param name of the topic.
 * @param capacity of the ring in bytes.
 * @param maxMessageLength longest message in bytes.
 * @param lossy whether the topic is lossy.
 * @param replica whether the topic is a mirror's replica.
 * @param livenessTimeoutNs liveness timeout.
 * @param tail the tail position; in a replica, the replica tail (what its subscribers may read).
 * @param publishers publisher slots in use.
 * @param subscribers subscriber slots in use.
 * @param messages messages committed since creation.
 * @param bytes payload bytes committed since creation.
 * @param backPressureEvents times a publisher was held back.
 * @param lostMessages messages subscribers know they missed.
 * @param lostBytes ring bytes subscribers skipped.
 * @param failed whether the topic was marked corrupt.
 * @param errors the error log.
 */
public record TopicStatus(String name, int capacity, int maxMessageLength, boolean lossy, boolean replica,
    long livenessTimeoutNs, long tail, List<Party> publishers, List<Party> subscribers, long messages, long bytes,
    long backPressureEvents, long lostMessages, long lostBytes, boolean failed, List<ErrorLog.Entry> errors) {

    /**
     * One publisher or subscriber slot in use.
     *
     * @param slot index of the slot.
     * @param name the subscriber's name, or empty.
     * @param pid of the process, in its own pid namespace; informational.
     * @param alive whether its heartbeat is younger than the liveness timeout.
     * @param evicted whether it was evicted for missing heartbeats.
     * @param joined whether it has finished joining. A joined subscriber has announced the position it reads from,
     *     so every message published after a snapshot that shows it joined lies at or beyond that position, even for
     *     a subscriber that started at the latest one. A subscriber that has only taken its slot shows false, as
     *     does an evicted one until it has rejoined. A publisher has nothing to announce: it is joined while its
     *     slot is {@code ACTIVE}, which it is before its first offer.
     * @param position where a subscriber is; the tail for publishers.
     * @param lag bytes between the tail and a subscriber's position.
     * @param messages committed (publisher) or delivered (subscriber).
     * @param bytes committed (publisher), or ring bytes skipped (subscriber).
     * @param lostOrBackPressure back-pressure events (publisher) or messages lost (subscriber).
     * @param heartbeatAgeNs time since its last heartbeat when the snapshot was taken (negative if the heartbeat
     *     is ahead of this process's clock: a corrupt value, or a process in another time namespace).
     */
    public record Party(int slot, String name, long pid, boolean alive, boolean evicted, boolean joined,
        long position, long lag, long messages, long bytes, long lostOrBackPressure, long heartbeatAgeNs) {
    }

    /**
     * Whether any publisher or subscriber is alive.
     *
     * @return true if some party heartbeats.
     */
    public boolean inUse() {
        return publishers.stream().anyMatch(Party::alive) || subscribers.stream().anyMatch(Party::alive);
    }

    /**
     * Reads the status of a topic.
     *
     * @param dir channel directory.
     * @param name of the topic.
     * @return the snapshot.
     */
    public static TopicStatus read(final Path dir, final String name) {
        try (TopicFile topic = TopicFile.openForInspection(dir, name)) {
            return of(topic);
        }
    }

    /**
     * Reads the status of an open topic.
     *
     * @param topic the topic.
     * @return the snapshot.
     */
    public static TopicStatus of(final TopicFile topic) {
        final SharedBuffer buffer = topic.buffer();
        final long now = System.nanoTime();
        final long tail = topic.readableTail();
        final List<Party> publishers = new ArrayList<>();
        long messages = 0;
        long bytes = buffer.getLongVolatile(RETIRED_BYTES_OFFSET);
        long backPressure = buffer.getLongVolatile(RETIRED_BACK_PRESSURE_OFFSET);
        for (int i = 0; i < topic.maxPublishers(); i++) {
            final int slot = PUBLISHERS_OFFSET + i * SLOT_LENGTH;
            final long word = buffer.getLongVolatile(slot + SLOT_STATE_OFFSET);
            messages += buffer.getLongVolatile(slot + PUB_MESSAGES_OFFSET);
            if (state(word) == STATE_FREE) {
                continue;
            }
            final long pubBytes = buffer.getLongVolatile(slot + PUB_BYTES_OFFSET);
            final long pubBackPressure = buffer.getLongVolatile(slot + PUB_BACK_PRESSURE_OFFSET);
            bytes += pubBytes;
            backPressure += pubBackPressure;
            publishers.add(new Party(i, "", buffer.getLong(slot + SLOT_PID_OFFSET),
                alive(buffer, slot, now, topic.livenessTimeoutNs()), state(word) == STATE_EVICTED,
                state(word) == STATE_ACTIVE, tail, 0,
                buffer.getLongVolatile(slot + PUB_MESSAGES_OFFSET), pubBytes, pubBackPressure,
                now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET)));
        }
        final List<Party> subscribers = new ArrayList<>();
        long lostMessages = buffer.getLongVolatile(RETIRED_LOST_MESSAGES_OFFSET);
        long lostBytes = buffer.getLongVolatile(RETIRED_LOST_BYTES_OFFSET);
        for (int i = 0; i < topic.maxSubscribers(); i++) {
            final int slot = topic.subscribersOffset() + i * SLOT_LENGTH;
            final long word = buffer.getLongVolatile(slot + SLOT_STATE_OFFSET);
            if (state(word) == STATE_FREE) {
                continue;
            }
            final boolean joined = joined(word, buffer.getIntAcquire(slot + SUB_JOINED_OFFSET));
            final long position = buffer.getLongVolatile(slot + SUB_POSITION_OFFSET);
            final long lost = buffer.getLongVolatile(slot + SUB_LOST_MESSAGES_OFFSET);
            final long skipped = buffer.getLongVolatile(slot + SUB_LOST_BYTES_OFFSET);
            lostMessages += lost;
            lostBytes += skipped;
            final int nameLength =
                Math.max(0, Math.min(SUB_NAME_CAPACITY, buffer.getInt(slot + SUB_NAME_LENGTH_OFFSET)));
            final byte[] nameBytes = new byte[nameLength];
            buffer.getBytes(slot + SUB_NAME_OFFSET, nameBytes, 0, nameLength);
            subscribers.add(new Party(i, new String(nameBytes, StandardCharsets.US_ASCII),
                buffer.getLong(slot + SLOT_PID_OFFSET), alive(buffer, slot, now, topic.livenessTimeoutNs()),
                state(word) == STATE_EVICTED, joined, position, Math.max(0, tail - position),
                buffer.getLongVolatile(slot + SUB_MESSAGES_OFFSET), skipped, lost,
                now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET)));
        }
        final ErrorLog log = topic.errorLog();
        return new TopicStatus(topic.name(), topic.capacity(), topic.maxMessageLength(), topic.lossy(),
            topic.replica(), topic.livenessTimeoutNs(), tail, publishers, subscribers, messages, bytes, backPressure,
            lostMessages, lostBytes, log.failed(), log.entries());
    }

    private static boolean alive(final SharedBuffer buffer, final int slot, final long now, final long timeoutNs) {
        return state(buffer.getLongVolatile(slot + SLOT_STATE_OFFSET)) == STATE_ACTIVE &&
            now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET) <= timeoutNs;
    }
}

package io.shimmy.mirror;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.InvalidNameException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelName;
import io.shimmy.topic.TopicConfig;

import java.nio.charset.StandardCharsets;

/**
 * What an {@code OPEN} frame offers: a topic's name and exactly the parameters a replica of it must have.
 * <pre>
 *  Payload of OPEN, little-endian:
 *  +0  i32 capacity          +4  i32 max message length   +8  i32 max publishers   +12 i32 max subscribers
 *  +16 i64 liveness timeout, ns                           +24 i64 unblock timeout, ns
 *  +32 i32 lossy (0 or 1)    +36 i32 name length          +40 name, US-ASCII
 * </pre>
 *
 * @param name of the topic.
 * @param config its parameters, every one set.
 */
public record TopicOffer(String name, TopicConfig config) {
    /** Offset of the name in the payload. */
    public static final int NAME_OFFSET = 40;

    /**
     * Encodes the payload.
     *
     * @return the bytes.
     */
    public byte[] encode() {
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[NAME_OFFSET + nameBytes.length];
        final SharedBuffer buffer = SharedBuffer.wrap(bytes);
        buffer.putInt(0, config.capacity());
        buffer.putInt(4, config.maxMessageLength());
        buffer.putInt(8, config.maxPublishers());
        buffer.putInt(12, config.maxSubscribers());
        buffer.putLong(16, config.livenessTimeoutNs());
        buffer.putLong(24, config.unblockTimeoutNs());
        buffer.putInt(32, config.lossy() ? 1 : 0);
        buffer.putInt(36, nameBytes.length);
        buffer.putBytes(NAME_OFFSET, nameBytes, 0, nameBytes.length);
        return bytes;
    }

    /**
     * Decodes and checks a payload from a peer.
     *
     * @param payload holding it.
     * @param index of its first byte.
     * @param length of it.
     * @return the offer.
     * @throws ProtocolException if it is malformed or names impossible parameters.
     */
    public static TopicOffer decode(final SharedBuffer payload, final int index, final int length)
        throws ProtocolException {
        if (length < NAME_OFFSET) {
            throw new ProtocolException("OPEN payload of " + length + " bytes is truncated");
        }
        final int nameLength = payload.getInt(index + 36);
        if (nameLength < 1 || nameLength > ChannelName.MAX_LENGTH || length != NAME_OFFSET + nameLength) {
            throw new ProtocolException("OPEN payload of " + length + " bytes declares a name of " + nameLength +
                " bytes");
        }
        final String name = payload.getStringAscii(index + NAME_OFFSET, nameLength);
        final int lossy = payload.getInt(index + 32);
        if (lossy != 0 && lossy != 1) {
            throw new ProtocolException("OPEN payload has lossy flag " + lossy);
        }
        final TopicConfig config = new TopicConfig().capacity(payload.getInt(index))
            .maxMessageLength(payload.getInt(index + 4)).maxPublishers(payload.getInt(index + 8))
            .maxSubscribers(payload.getInt(index + 12)).livenessTimeoutNs(payload.getLong(index + 16))
            .unblockTimeoutNs(payload.getLong(index + 24)).lossy(lossy == 1);
        try {
            ChannelName.validate(name);
            config.validate(name);
        } catch (final InvalidNameException | InvalidConfigurationException ex) {
            throw new ProtocolException("OPEN offers an impossible topic: " + ex.getMessage());
        }
        return new TopicOffer(name, config);
    }
}

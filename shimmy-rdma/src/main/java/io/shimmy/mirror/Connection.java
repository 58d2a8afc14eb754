package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import static io.shimmy.mirror.FrameDescriptor.A_OFFSET;
import static io.shimmy.mirror.FrameDescriptor.B_OFFSET;
import static io.shimmy.mirror.FrameDescriptor.C_OFFSET;
import static io.shimmy.mirror.FrameDescriptor.EMPTY_LENGTH;
import static io.shimmy.mirror.FrameDescriptor.HEADER_LENGTH;
import static io.shimmy.mirror.FrameDescriptor.LENGTH_OFFSET;
import static io.shimmy.mirror.FrameDescriptor.TOPIC_OFFSET;
import static io.shimmy.mirror.FrameDescriptor.TYPE_OFFSET;

/**
 * The control connection of a mirror: frames ({@link FrameDescriptor}) over a non-blocking TCP socket, with a
 * bounded input and output buffer each. Frames are copied into the output buffer whole or not at all, except the
 * payload of one long region at a time ({@link #sendRegion}), which a gathering write sends straight from where
 * it lies (the origin's mapped ring), frames queued after it following it on the wire. Input is parsed once a
 * whole frame arrived, except that a handler may have a long payload land straight where it belongs
 * ({@link FrameHandler#landing}); a length that cannot be right ends the connection.
 * <p>
 * <b>Note:</b> used by one thread. Neither sending nor polling allocates.
 */
public final class Connection implements AutoCloseable {
    /** Receives the frames {@link #poll} parses. */
    @FunctionalInterface
    public interface FrameHandler {
        /**
         * Handles one frame; the payload is valid only during the call.
         *
         * @param type of the frame.
         * @param topic the topic id.
         * @param a argument A.
         * @param b argument B.
         * @param c argument C.
         * @param payload buffer holding the payload.
         * @param index of the payload in {@code payload}.
         * @param length of the payload.
         * @throws IOException to end the connection.
         */
        void onFrame(int type, int topic, long a, long b, long c, SharedBuffer payload, int index, int length)
            throws IOException;

        /**
         * Where the payload of a frame whose header arrived, but not yet all its payload, should land straight
         * from the socket, if anywhere: the bytes go there instead of {@link #onFrame}, and {@link #onLanded}
         * follows once they all arrived. Only for payloads whose landing place is checked here and whose bytes may
         * land in pieces, unchecked, until then.
         *
         * @param type of the frame.
         * @param topic the topic id.
         * @param a argument A.
         * @param length of the payload.
         * @return a buffer with exactly {@code length} bytes remaining, or null to have the frame handed to
         *     {@link #onFrame} whole.
         */
        default ByteBuffer landing(final int type, final int topic, final long a, final int length) {
            return null;
        }

        /**
         * All the payload of a frame landed where {@link #landing} said.
         *
         * @param type of the frame.
         * @param topic the topic id.
         * @param a argument A.
         * @param length of the payload.
         * @throws IOException to end the connection.
         */
        default void onLanded(final int type, final int topic, final long a, final int length) throws IOException {
        }
    }

    /** Regions shorter than this are copied into the output buffer: a copy costs less than a gathering write. */
    public static final int COPY_MAX_LENGTH = 4096;
    /** Most bytes one read takes into the input buffer, so long payloads rather land where they belong. */
    private static final int READ_CHUNK = 64 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer in;
    private final SharedBuffer inView;
    private final ByteBuffer inRead;
    private final ByteBuffer out;
    private final SharedBuffer outView;
    private final ByteBuffer head;
    private final ByteBuffer rest;
    private final ByteBuffer[] gather = new ByteBuffer[3];
    private final int maxPayload;
    private final String peer;
    /** Bytes of {@link #out} before this index were written to the socket. */
    private int outSent;
    /** The region being sent, which goes on the wire after the bytes of {@link #out} before {@link #regionAt}. */
    private ByteBuffer region;
    private int regionAt;
    private ByteBuffer landing;
    private int landingType;
    private int landingTopic;
    private long landingA;
    private int landingLength;
    private long lastReceivedNs = System.nanoTime();
    private long lastSentNs = System.nanoTime();

    /**
     * Wraps a connected socket.
     *
     * @param channel connected socket, switched to non-blocking mode here.
     * @param maxPayload longest payload accepted or sent.
     * @throws IOException if the socket cannot be configured.
     */
    public Connection(final SocketChannel channel, final int maxPayload) throws IOException {
        this.channel = channel;
        this.maxPayload = maxPayload;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.in = ByteBuffer.allocateDirect(HEADER_LENGTH + maxPayload).order(ByteOrder.LITTLE_ENDIAN);
        this.inView = new SharedBuffer(in);
        this.inRead = in.duplicate();
        this.out = ByteBuffer.allocateDirect(2 * (HEADER_LENGTH + maxPayload)).order(ByteOrder.LITTLE_ENDIAN);
        this.outView = new SharedBuffer(out);
        this.head = out.duplicate();
        this.rest = out.duplicate();
        final SocketAddress remote = channel.getRemoteAddress();
        this.peer = remote instanceof InetSocketAddress ?
            ((InetSocketAddress)remote).getAddress().getHostAddress() + ":" + ((InetSocketAddress)remote).getPort() :
            String.valueOf(remote);
    }

    /**
     * Connects to a receiver.
     *
     * @param address of the receiver.
     * @param timeoutMs longest wait for the connection.
     * @param maxPayload longest payload.
     * @return the connection.
     * @throws IOException if it cannot connect.
     */
    public static Connection connect(final InetSocketAddress address, final int timeoutMs, final int maxPayload)
        throws IOException {
        final SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, timeoutMs);
            if (channel.getLocalAddress().equals(channel.getRemoteAddress())) {
                // TCP simultaneous open: with no listener on a local port of the ephemeral range, a retried connect
                // can pick that very port as its own and connect to itself, which would also keep the receiver
                // from binding it again
                throw new ConnectException("connected to itself (no receiver listens on " + address + ")");
            }
            return new Connection(channel, maxPayload);
        } catch (final IOException ex) {
            channel.close();
            throw ex;
        }
    }

    /**
     * Queues a frame without payload.
     *
     * @param type of the frame.
     * @param topic id, or 0.
     * @param a argument A.
     * @param b argument B.
     * @param c argument C.
     * @return false if the output buffer has no room now.
     */
    public boolean send(final int type, final int topic, final long a, final long b, final long c) {
        if (!room(HEADER_LENGTH)) {
            return false;
        }
        header(type, topic, a, b, c, 0);
        return true;
    }

    /**
     * Queues a frame, copying its payload.
     *
     * @param type of the frame.
     * @param topic id, or 0.
     * @param a argument A.
     * @param b argument B.
     * @param c argument C.
     * @param payload holding the payload.
     * @param index of the payload.
     * @param length of the payload, at most the connection's longest.
     * @return false if the output buffer has no room now.
     */
    public boolean send(final int type, final int topic, final long a, final long b, final long c,
        final SharedBuffer payload, final int index, final int length) {
        if (length > maxPayload) {
            throw new IllegalArgumentException("payload of " + length + " bytes exceeds " + maxPayload);
        }
        if (!room(HEADER_LENGTH + length)) {
            return false;
        }
        final int at = header(type, topic, a, b, c, length);
        outView.putBytes(at + HEADER_LENGTH, payload, index, length);
        out.position(at + HEADER_LENGTH + length);
        return true;
    }

    /**
     * Queues a frame whose payload is a region of a buffer that stays unchanged until it was sent
     * ({@link #sending}): a short one is copied, a long one sent from where it lies by a gathering write. One long
     * region at a time.
     *
     * @param type of the frame.
     * @param topic id.
     * @param a argument A.
     * @param payload the region, from its position to its limit, at most the connection's longest payload; the
     *     connection owns its position and limit until it was sent.
     * @return false if the output buffer has no room now, or a long region is still being sent.
     */
    public boolean sendRegion(final int type, final int topic, final long a, final ByteBuffer payload) {
        final int length = payload.remaining();
        if (length > maxPayload) {
            throw new IllegalArgumentException("payload of " + length + " bytes exceeds " + maxPayload);
        }
        if (region != null || !room(length < COPY_MAX_LENGTH ? HEADER_LENGTH + length : HEADER_LENGTH)) {
            return false;
        }
        final int at = header(type, topic, a, 0, 0, length);
        if (length < COPY_MAX_LENGTH) {
            out.put(at + HEADER_LENGTH, payload, payload.position(), length);
            out.position(at + HEADER_LENGTH + length);
        } else {
            region = payload;
            regionAt = at + HEADER_LENGTH;
        }
        return true;
    }

    /**
     * Whether a long region queued by {@link #sendRegion} is still being sent.
     *
     * @param payload the region's buffer.
     * @return true until all its bytes were written to the socket.
     */
    public boolean sending(final ByteBuffer payload) {
        return region == payload;
    }

    private boolean room(final int length) {
        if (out.remaining() >= length) {
            return true;
        }
        if (outSent > 0) {
            final int end = out.position();
            head.limit(end).position(outSent);
            out.position(0);
            out.put(head);
            if (region != null) {
                regionAt -= outSent;
            }
            outSent = 0;
        }
        return out.remaining() >= length;
    }

    /**
     * Queues a frame whose payload is an array.
     *
     * @param type of the frame.
     * @param topic id, or 0.
     * @param a argument A.
     * @param b argument B.
     * @param c argument C.
     * @param payload the payload.
     * @return false if the output buffer has no room now.
     */
    public boolean send(final int type, final int topic, final long a, final long b, final long c,
        final byte[] payload) {
        return send(type, topic, a, b, c, SharedBuffer.wrap(payload), 0, payload.length);
    }

    private int header(final int type, final int topic, final long a, final long b, final long c, final int length) {
        final int at = out.position();
        outView.putInt(at + LENGTH_OFFSET, EMPTY_LENGTH + length);
        outView.putInt(at + TYPE_OFFSET, type);
        outView.putInt(at + TOPIC_OFFSET, topic);
        outView.putInt(at + TOPIC_OFFSET + 4, 0);
        outView.putLong(at + A_OFFSET, a);
        outView.putLong(at + B_OFFSET, b);
        outView.putLong(at + C_OFFSET, c);
        out.position(at + HEADER_LENGTH);
        return at;
    }

    /**
     * Writes what the socket takes now of the queued frames.
     *
     * @return bytes written.
     * @throws IOException if the connection broke.
     */
    public int flush() throws IOException {
        final int end = out.position();
        if (outSent == end && region == null) {
            return 0;
        }
        final long written;
        if (region == null) {
            head.limit(end).position(outSent);
            written = channel.write(head);
            outSent = head.position();
        } else {
            head.limit(Math.max(regionAt, outSent)).position(outSent);
            rest.limit(end).position(regionAt);
            gather[0] = head;
            gather[1] = region;
            gather[2] = rest;
            written = channel.write(gather, 0, 3);
            if (head.hasRemaining()) {
                outSent = head.position();
            } else if (region.hasRemaining()) {
                outSent = regionAt;
            } else {
                region = null;
                outSent = rest.position();
            }
        }
        if (outSent == end && region == null) {
            out.clear();
            outSent = 0;
        }
        if (written > 0) {
            lastSentNs = System.nanoTime();
        }
        return (int)written;
    }

    /**
     * Whether every queued frame has been written to the socket.
     *
     * @return true if nothing is queued.
     */
    public boolean flushed() {
        return outSent == out.position() && region == null;
    }

    /**
     * Reads what arrived and hands every whole frame to a handler.
     *
     * @param handler to receive frames.
     * @return frames handled.
     * @throws EOFException if the peer closed the connection.
     * @throws ProtocolException if a frame's length cannot be right.
     * @throws IOException if the connection broke, or from the handler.
     */
    public int poll(final FrameHandler handler) throws IOException {
        int frames = 0;
        if (landing != null) {
            if (read(landing) == 0 || landing.hasRemaining()) {
                return 0;
            }
            landing = null;
            handler.onLanded(landingType, landingTopic, landingA, landingLength);
            frames++;
        }
        in.limit(Math.min(in.capacity(), in.position() + READ_CHUNK));
        try {
            read(in);
        } finally {
            in.limit(in.capacity());
        }
        int at = 0;
        final int end = in.position();
        while (end - at >= 4) {
            final int length = inView.getInt(at + LENGTH_OFFSET);
            if (length < EMPTY_LENGTH || length > EMPTY_LENGTH + maxPayload) {
                throw new ProtocolException("the peer " + peer + " sent a frame of length " + length +
                    " (limit " + (EMPTY_LENGTH + maxPayload) + "): not a Shimmy mirror, or a broken one");
            }
            if (end - at < 4 + length) {
                if (end - at >= HEADER_LENGTH && land(handler, at, end, length - EMPTY_LENGTH)) {
                    at = end;
                }
                break;
            }
            handler.onFrame(inView.getInt(at + TYPE_OFFSET), inView.getInt(at + TOPIC_OFFSET),
                inView.getLong(at + A_OFFSET), inView.getLong(at + B_OFFSET), inView.getLong(at + C_OFFSET),
                inView, at + HEADER_LENGTH, length - EMPTY_LENGTH);
            at += 4 + length;
            frames++;
        }
        if (at == end) {
            in.clear();
        } else if (at > 0) {
            in.flip().position(at);
            in.compact();
        }
        return frames;
    }

    private int read(final ByteBuffer into) throws IOException {
        final int read = channel.read(into);
        if (read < 0) {
            throw new EOFException("the peer " + peer + " closed the connection");
        }
        if (read > 0) {
            lastReceivedNs = System.nanoTime();
        }
        return read;
    }

    private boolean land(final FrameHandler handler, final int at, final int end, final int length) {
        final int type = inView.getInt(at + TYPE_OFFSET);
        final int topic = inView.getInt(at + TOPIC_OFFSET);
        final long a = inView.getLong(at + A_OFFSET);
        final ByteBuffer target = handler.landing(type, topic, a, length);
        if (target == null) {
            return false;
        }
        if (target.remaining() != length) {
            throw new IllegalStateException("a landing of " + target.remaining() + " bytes for a payload of " +
                length);
        }
        inRead.limit(end).position(at + HEADER_LENGTH);
        target.put(inRead);
        landing = target;
        landingType = type;
        landingTopic = topic;
        landingA = a;
        landingLength = length;
        return true;
    }

    /**
     * Waits until the socket can be read (or written, while frames are queued), or the timeout passes.
     *
     * @param timeoutNs longest wait.
     * @throws IOException if the selector failed.
     */
    public void await(final long timeoutNs) throws IOException {
        key.interestOps(flushed() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)));
        selector.selectedKeys().clear();
    }

    /**
     * Sends queued frames, blocking until they are written or the timeout passes.
     *
     * @param timeoutNs longest wait.
     * @throws IOException if the connection broke or the timeout passed.
     */
    public void flushBlocking(final long timeoutNs) throws IOException {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!flushed()) {
            flush();
            if (flushed()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new ProtocolException("the peer " + peer + " stopped reading for " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            await(deadline - System.nanoTime());
        }
    }

    /**
     * When something last arrived.
     *
     * @return {@code System.nanoTime()} of the last read that returned bytes.
     */
    public long lastReceivedNs() {
        return lastReceivedNs;
    }

    /**
     * When something was last written.
     *
     * @return {@code System.nanoTime()} of the last write that took bytes.
     */
    public long lastSentNs() {
        return lastSentNs;
    }

    /**
     * The peer's address, for log lines.
     *
     * @return {@code host:port}.
     */
    public String peer() {
        return peer;
    }

    /**
     * The socket.
     *
     * @return the channel.
     */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * Longest payload of a frame.
     *
     * @return bytes.
     */
    public int maxPayload() {
        return maxPayload;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (final IOException ignore) {
            // closing the socket below is what matters
        }
        try {
            channel.close();
        } catch (final IOException ignore) {
            // nothing more can be done with a socket that fails to close
        }
    }
}

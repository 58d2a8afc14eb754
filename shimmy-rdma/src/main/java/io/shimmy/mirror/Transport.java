package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.Replica;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * How a mirror connection moves ring bytes and tails: the only part that differs between {@code tcp}, {@code ucx}
 * and {@code disni}. The protocol around it (handshake and secret proof over the control connection, topic
 * parameters and layout version, resume position, acknowledgements, resets) is {@link MirrorPush} and
 * {@link MirrorServer}, the same for every transport; acknowledgements always come back over the control
 * connection.
 * <p>
 * The sending side calls, per topic, {@link Link#write} for each region of the ring as it is committed, and
 * {@link Link#publishTail} with a position {@link Link#landed} reported: writes stay in flight while earlier ones
 * land, so the transport is kept busy (a window of bytes, bounded by the receiver's grant) rather than stopped
 * and started per batch. The receiving side's {@link Receiver#progress} lands what it must and reports the tails
 * that arrived, which {@link MirrorServer} checks and publishes to the replica.
 */
public interface Transport {
    /**
     * The name users give ({@code --transport}).
     *
     * @return the name.
     */
    String name();

    /**
     * The sending side of a connection whose handshake succeeded.
     *
     * @param control the control connection.
     * @param welcome what the receiver's {@link Receiver#welcome()} said.
     * @return the sender.
     * @throws IOException if the data path cannot be set up.
     */
    Sender sender(Connection control, ByteBuffer welcome) throws IOException;

    /**
     * The receiving side of a connection whose peer proved the secret.
     *
     * @param control the control connection.
     * @param bind the address the receiver listens on, for any listener of its own.
     * @return the receiver.
     * @throws IOException if the data path cannot be set up.
     */
    Receiver receiver(Connection control, InetAddress bind) throws IOException;

    /** Origin side of one connection. */
    interface Sender extends AutoCloseable {
        /**
         * The data path to one replica.
         *
         * @param topic id of the topic session.
         * @param accept what the receiver's {@link Receiver#attach} said.
         * @param capacity of the topic's ring.
         * @return the link.
         * @throws IOException if the receiver's details cannot be used.
         */
        Link link(int topic, ByteBuffer accept, int capacity) throws IOException;

        /**
         * Drives the transport's own I/O.
         *
         * @return work done, 0 if none.
         * @throws IOException if the data path broke.
         */
        int progress() throws IOException;

        /**
         * Sleeps until the transport's own I/O may have moved on (a write landed), or the timeout passes; for a
         * sender with writes in flight and nothing else to do.
         *
         * @param timeoutNs longest sleep.
         */
        void await(long timeoutNs);

        @Override
        void close();
    }

    /** Origin side of one topic session. */
    interface Link {
        /**
         * Lands ring bytes at the same ring offset of the replica; may complete later (see {@link #landed}).
         *
         * @param position in the topic of the first byte.
         * @param buffer holding the bytes (the origin's mapped file); left unchanged by the caller until
         *     {@link #landed} covers them.
         * @param index of the first byte.
         * @param length of the bytes.
         * @return false if the transport cannot take them now (try again after {@link Sender#progress}).
         * @throws IOException if the data path broke.
         */
        boolean write(long position, SharedBuffer buffer, int index, int length) throws IOException;

        /**
         * How far the writes have landed: the end of the longest run of writes, from the first, whose bytes have
         * been read from the origin's ring and land before any tail published later. Starts what it takes to land
         * the writes made so far, without waiting.
         *
         * @return the position, or the link's start if nothing landed yet.
         * @throws IOException if the data path broke.
         */
        long landed() throws IOException;

        /**
         * Whether every write and tail so far has landed (before a {@code RESET}, so that nothing stale lands
         * after it); starts what it takes, without waiting.
         *
         * @return true when nothing is in flight; call again until it is.
         * @throws IOException if the data path broke.
         */
        boolean quiet() throws IOException;

        /**
         * Tells the receiver that every byte before {@code tail} has landed. Call only with a position
         * {@link #landed} returned; tails land in the order they are published.
         *
         * @param tail the new replica tail.
         * @return false if the transport cannot take it now (an earlier tail is still in flight): try again.
         * @throws IOException if the data path broke.
         */
        boolean publishTail(long tail) throws IOException;
    }

    /** Receiving side of one connection. */
    interface Receiver extends AutoCloseable {
        /**
         * What the sender needs to set up its data path, sent in {@code WELCOME}.
         *
         * @return the bytes, maybe empty.
         */
        ByteBuffer welcome();

        /**
         * Lets the sender write a replica, for a topic session.
         *
         * @param topic id of the topic session.
         * @param replica to write.
         * @return what the sender's {@link Sender#link} needs, sent in {@code ACCEPT}.
         * @throws IOException if the replica cannot be exposed.
         */
        ByteBuffer attach(int topic, Replica replica) throws IOException;

        /**
         * Stops exposing a replica.
         *
         * @param topic id of the topic session.
         */
        void detach(int topic);

        /**
         * Whether ring bytes and tails come as {@code WRITE} and {@code TAIL} frames on the control connection.
         *
         * @return true for the tcp transport.
         */
        boolean framesCarryData();

        /**
         * Lands what arrived and reports new tails.
         *
         * @param tails receives each tail that arrived.
         * @return work done, 0 if none.
         * @throws IOException if the data path broke or a tail must be refused.
         */
        int progress(TailSink tails) throws IOException;

        /**
         * Sleeps until something may have arrived (on the control connection or the transport's own data path), or
         * the timeout passes; for an idle receiver.
         *
         * @param control the control connection.
         * @param timeoutNs longest sleep.
         * @throws IOException if waiting failed.
         */
        void await(Connection control, long timeoutNs) throws IOException;

        @Override
        void close();
    }

    /** Receives tails from {@link Receiver#progress}. */
    @FunctionalInterface
    interface TailSink {
        /**
         * A tail arrived.
         *
         * @param topic id of the topic session.
         * @param tail the new replica tail, not yet checked.
         * @throws IOException to refuse it and end the connection.
         */
        void onTail(int topic, long tail) throws IOException;
    }
}

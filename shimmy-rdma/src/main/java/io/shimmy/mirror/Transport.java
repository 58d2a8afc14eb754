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
 * The sending side calls, per topic and in this order, {@link Link#write} for the bytes of {@code [tail, new tail)},
 * {@link Link#flush} until it returns true, then {@link Link#publishTail}; the receiving side's
 * {@link Receiver#progress} lands what it must and reports the tails that arrived, which {@link MirrorServer}
 * checks and publishes to the replica.
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

        @Override
        void close();
    }

    /** Origin side of one topic session. */
    interface Link {
        /**
         * Lands ring bytes at the same ring offset of the replica; may complete later (see {@link #flush}).
         *
         * @param position in the topic of the first byte.
         * @param buffer holding the bytes (the origin's mapped file); unchanged until {@link #flush} returns true.
         * @param index of the first byte.
         * @param length of the bytes.
         * @return false if the transport cannot take them now (try again after {@link Sender#progress}).
         * @throws IOException if the data path broke.
         */
        boolean write(long position, SharedBuffer buffer, int index, int length) throws IOException;

        /**
         * Whether every write so far has been read from the origin's ring and lands before a later tail.
         *
         * @return true when done; call again until it is.
         * @throws IOException if the data path broke.
         */
        boolean flush() throws IOException;

        /**
         * Tells the receiver that every byte before {@code tail} has landed. Call only after {@link #flush}
         * returned true.
         *
         * @param tail the new replica tail.
         * @return false if the transport cannot take it now.
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

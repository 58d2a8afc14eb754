package io.shimmy.mirror;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.shimmy.mirror.FrameDescriptor.*;

/**
 * The start of a connection, which runs before anything else is trusted: blocking reads of single frames, and the
 * sender's side of the secret proof ({@link InboundConnection} does the receiver's).
 */
final class Handshake {
    private Handshake() {
    }

    /**
     * A frame copied out of the connection's buffer.
     *
     * @param type of the frame.
     * @param topic id.
     * @param a argument A.
     * @param b argument B.
     * @param c argument C.
     * @param payload a little-endian copy of the payload.
     */
    record Frame(int type, int topic, long a, long b, long c, ByteBuffer payload) {
    }

    /**
     * Waits for one frame of a type.
     *
     * @param connection to read.
     * @param type expected.
     * @param timeoutNs longest wait.
     * @return the frame.
     * @throws ProtocolException if another frame, an {@code ERROR} or nothing came in time.
     */
    static Frame await(final Connection connection, final int type, final long timeoutNs) throws IOException {
        final long deadline = System.nanoTime() + timeoutNs;
        final Frame[] received = new Frame[1];
        while (received[0] == null) {
            connection.poll((t, topic, a, b, c, payload, index, length) -> {
                if (received[0] != null) {
                    throw new ProtocolException("it sent " + FrameDescriptor.name(t) + " before " +
                        FrameDescriptor.name(type) + " was answered");
                }
                final ByteBuffer copy = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                payload.byteBuffer().get(index, copy.array(), 0, length);
                received[0] = new Frame(t, topic, a, b, c, copy);
            });
            if (received[0] == null) {
                if (System.nanoTime() >= deadline) {
                    throw new PeerTimeoutException("it sent no " + FrameDescriptor.name(type) + " within " +
                        TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
                }
                connection.await(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
            }
        }
        final Frame frame = received[0];
        if (frame.type() == ERROR) {
            throw new ProtocolException("the peer said: " + printable(new String(frame.payload().array(),
                StandardCharsets.UTF_8)));
        }
        if (frame.type() != type) {
            throw new ProtocolException("it sent " + FrameDescriptor.name(frame.type()) + " where " +
                FrameDescriptor.name(type) + " belongs");
        }
        return frame;
    }

    /**
     * The sender's side: greets, checks the receiver's proof, proves the secret, and waits for the welcome.
     *
     * @param connection to the receiver.
     * @param secret shared with it.
     * @param transport name of the transport.
     * @param timeoutNs longest wait for each answer.
     * @return the welcome's payload.
     * @throws ProtocolException if the receiver does not know the secret, or refuses.
     */
    static ByteBuffer greet(final Connection connection, final MirrorSecret secret, final String transport,
        final long timeoutNs) throws IOException {
        final byte[] nonce = MirrorSecret.nonce();
        final byte[] name = transport.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer hello = ByteBuffer.allocate(12 + nonce.length + name.length).order(ByteOrder.LITTLE_ENDIAN);
        hello.putLong(MAGIC).put(nonce).putInt(name.length).put(name);
        connection.send(HELLO, 0, PROTOCOL_VERSION, 0, 0, hello.array());
        connection.flushBlocking(timeoutNs);
        final Frame challenge = await(connection, CHALLENGE, timeoutNs);
        if (challenge.payload().remaining() != 2 * MirrorSecret.PROOF_LENGTH) {
            throw new ProtocolException("its CHALLENGE has " + challenge.payload().remaining() + " bytes");
        }
        final byte[] receiverNonce = new byte[MirrorSecret.PROOF_LENGTH];
        final byte[] receiverProof = new byte[MirrorSecret.PROOF_LENGTH];
        challenge.payload().get(0, receiverNonce).get(MirrorSecret.PROOF_LENGTH, receiverProof);
        if (!MirrorSecret.matches(secret.proof("receiver", nonce, receiverNonce, transport), receiverProof)) {
            throw new ProtocolException("the receiver did not prove the shared secret: the two hosts have different " +
                "secrets, or it is not a Shimmy mirror");
        }
        connection.send(PROOF, 0, 0, 0, 0, secret.proof("sender", nonce, receiverNonce, transport));
        connection.flushBlocking(timeoutNs);
        return await(connection, WELCOME, timeoutNs).payload();
    }

    /**
     * Text from a peer made safe for one log line.
     *
     * @param text from the peer.
     * @return at most 300 printable characters.
     */
    static String printable(final String text) {
        final StringBuilder line = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && line.length() < 300; i++) {
            final char ch = text.charAt(i);
            line.append(ch >= 0x20 && ch != 0x7f ? ch : '?');
        }
        return line.toString();
    }
}

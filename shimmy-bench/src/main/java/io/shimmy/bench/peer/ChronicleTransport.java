package io.shimmy.bench.peer;

import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;

/**
 * Chronicle Queue: queues in the run's directory (a tmpfs, so nothing is written to a disk), built with the
 * defaults. The client appends to queue {@code data}, each server reads it with its own tailer; a latency run
 * echoes through queue {@code echo}. Messages are the raw bytes of one document each, read in place.
 * A queue keeps everything written to it: it has no back-pressure, and its file grows with every message.
 */
public final class ChronicleTransport implements Transport {
    @Override
    public Link server(final Setup setup, final int index) {
        final ChronicleQueue data = ChronicleQueue.singleBuilder(setup.dir().resolve("chronicle-data")).build();
        final ChronicleQueue echo = setup.duplex() ?
            ChronicleQueue.singleBuilder(setup.dir().resolve("chronicle-echo")).build() : null;
        return new QueueLink(data, echo, echo != null ? echo.createAppender() : null, data.createTailer());
    }

    @Override
    public Link client(final Setup setup) {
        final ChronicleQueue data = ChronicleQueue.singleBuilder(setup.dir().resolve("chronicle-data")).build();
        final ChronicleQueue echo = setup.duplex() ?
            ChronicleQueue.singleBuilder(setup.dir().resolve("chronicle-echo")).build() : null;
        return new QueueLink(data, echo, data.createAppender(), echo != null ? echo.createTailer() : null);
    }

    /** An appender, and the tailer where this side receives. */
    private static final class QueueLink implements Link {
        private final ChronicleQueue first;
        private final ChronicleQueue second;
        private final ExcerptAppender appender;
        private final ExcerptTailer tailer;
        private BytesStore<?, ByteBuffer> source;
        private ByteBuffer wrapped;

        QueueLink(final ChronicleQueue first, final ChronicleQueue second, final ExcerptAppender appender,
            final ExcerptTailer tailer) {
            this.first = first;
            this.second = second;
            this.appender = appender;
            this.tailer = tailer;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            if (message != wrapped) {
                source = BytesStore.wrap(message);
                wrapped = message;
            }
            try (DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().write(source, 0L, (long)length);
            }
            return true;
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            int count = 0;
            while (count < limit) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    final Bytes<?> bytes = document.wire().bytes();
                    receiver.onMessage(bytes.readLong(bytes.readPosition()));
                    count++;
                }
            }
            return count;
        }

        @Override
        public int echo(final int limit) {
            int count = 0;
            while (count < limit) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    final Bytes<?> bytes = document.wire().bytes();
                    try (DocumentContext reply = appender.writingDocument()) {
                        reply.wire().bytes().write(bytes, bytes.readPosition(), bytes.readRemaining());
                    }
                    count++;
                }
            }
            return count;
        }

        @Override
        public void close() {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}

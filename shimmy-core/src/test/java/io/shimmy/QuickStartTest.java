package io.shimmy;

import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.wait.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start and stream example, kept compiling and working: the same code, printing into a list,
 * with the two processes of the stream example as two threads.
 */
class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldRunTheReadmeQuickStart() {
        final List<String> printed = new ArrayList<>();
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication prices = shimmy.publication("prices", new TopicConfig().capacity(1 << 20));
             Subscription reader = shimmy.subscription("prices", new SubscriptionConfig().waitStrategy("block"))) {
            final byte[] message = "EURUSD 1.0842".getBytes(StandardCharsets.US_ASCII);
            while (prices.offer(message, 0, message.length) < 0) {
                Thread.onSpinWait();
            }
            final WaitStrategy wait = reader.newWaitStrategy();
            int received = 0;
            while (received == 0) {
                received = reader.poll((buffer, offset, length) ->
                    printed.add(buffer.getStringUtf8(offset, length)), 10);
                wait.idle(received);
            }
        }
        assertThat(printed).containsExactly("EURUSD 1.0842");
    }

    @Test
    @Timeout(60)
    void shouldRunTheReadmeStreamExample() throws Exception {
        final List<String> printed = new ArrayList<>();
        final ShimmyContext context = new ShimmyContext().dir(dir);
        try (Shimmy shimmy = Shimmy.open(context);
             StreamListener listener = shimmy.listen("rpc")) {
            final CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
                try (Shimmy other = Shimmy.open(new ShimmyContext().dir(dir));
                     StreamConnection connection = other.connect("rpc")) {
                    connection.outputStream().write(new byte[1 << 20]);
                    connection.shutdownOutput();
                    printed.add(new String(connection.inputStream().readAllBytes(), StandardCharsets.US_ASCII));
                } catch (final IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            try (StreamConnection connection = listener.accept()) {
                final byte[] request = connection.inputStream().readAllBytes();
                connection.outputStream().write(("got " + request.length + " bytes")
                    .getBytes(StandardCharsets.US_ASCII));
            }
            client.get(30, TimeUnit.SECONDS);
        }
        assertThat(printed).containsExactly("got 1048576 bytes");
    }
}

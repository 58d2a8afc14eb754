package io.shimmy;

import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.wait.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start, kept compiling and working: the same code, printing into a list.
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
}

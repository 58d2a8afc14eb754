package io.shimmy.mirror;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.mirror.disni.DisniTransport;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code disni} transport on a real RDMA device: runs only where {@code libdisni.so} loads, an RDMA device is
 * listed under {@code /sys/class/infiniband} and {@code SHIMMY_DISNI_ADDRESS} names the address of its interface;
 * anywhere else it is skipped with the reason printed. Its protocol logic runs everywhere in
 * {@link MirrorProtocolTest} through the loopback one-sided transport.
 */
class DisniDeviceTest {
    @TempDir
    Path originDir;
    @TempDir
    Path replicaDir;

    private static String missing() {
        try {
            System.loadLibrary("disni");
        } catch (final UnsatisfiedLinkError ex) {
            return "libdisni.so is not on java.library.path (" + ex.getMessage() + "); see docs/remote.md";
        }
        final String[] devices = new File("/sys/class/infiniband").list();
        if (devices == null || devices.length == 0) {
            return "no RDMA device (/sys/class/infiniband is empty or absent)";
        }
        if (System.getenv("SHIMMY_DISNI_ADDRESS") == null) {
            return "SHIMMY_DISNI_ADDRESS is not set to the address of the RDMA interface";
        }
        return null;
    }

    @Test
    void shouldMirrorOverRdmaWritesWithDisni() throws Exception {
        final String missing = missing();
        if (missing != null) {
            System.out.println("SKIPPED: the disni device test cannot run here: " + missing);
        }
        Assumptions.assumeTrue(missing == null, "disni cannot run here: " + missing);
        final List<String> log = new CopyOnWriteArrayList<>();
        final MirrorContext context = MirrorTest.context(DisniTransport.NAME, log);
        try (Shimmy origin = Shimmy.open(new ShimmyContext().dir(originDir));
             Shimmy receiving = Shimmy.open(new ShimmyContext().dir(replicaDir));
             MirrorServer server = new MirrorServer(receiving,
                 new InetSocketAddress(System.getenv("SHIMMY_DISNI_ADDRESS"), 0), context).start();
             Publication publication = origin.publication("prices", new TopicConfig().capacity(1 << 20));
             MirrorPush push = new MirrorPush(origin, server.address(), List.of("prices"), context)) {
            final Thread pusher = new Thread(push::run, "disni-push");
            pusher.start();
            Subscription replica = null;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (replica == null && System.nanoTime() < deadline) {
                try {
                    replica = receiving.subscription("prices", new SubscriptionConfig().start(StartPosition.EARLIEST));
                } catch (final ChannelNotFoundException ex) {
                    Thread.sleep(10);
                }
            }
            assertThat(replica).as(log.toString()).isNotNull();
            MirrorTest.publish(publication, 10_000, 1000, Thread::yield);
            final Messages messages = new Messages();
            while (messages.next() < 10_000 && System.nanoTime() < deadline) {
                replica.poll(messages, 100);
            }
            assertThat(messages.summary()).isEqualTo("received=10000 next=10000 bad=0 outOfOrder=0 duplicates=0");
            push.close();
            pusher.join(10_000);
        }
    }
}

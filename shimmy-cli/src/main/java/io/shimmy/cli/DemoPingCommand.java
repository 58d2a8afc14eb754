package io.shimmy.cli;

import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.wait.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The demo's ping process (hidden {@code shimmy demo-ping}): times round trips through the pong process, then sends a
 * one-way burst, and prints one {@code result} line for the demo process (see {@link DemoCommand}). Spins, then
 * yields, while it waits. Each phase is bounded in time as well as in messages, so that a slow machine still finishes
 * promptly.
 */
@Command(name = "demo-ping", hidden = true, description = "The ping process of 'shimmy demo'.")
final class DemoPingCommand implements Callable<Integer> {
    private static final long WARMUP_LIMIT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long TIMED_LIMIT_NS = TimeUnit.SECONDS.toNanos(3);
    private static final long BURST_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long ECHO_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--messages", description = "Timed round trips (default ${DEFAULT-VALUE}).")
    private int messages = 100_000;

    @Option(names = "--warmup", description = "Round trips before timing (default ${DEFAULT-VALUE}).")
    private int warmup = 20_000;

    @Option(names = "--burst", description = "Messages of the one-way burst (default ${DEFAULT-VALUE}).")
    private long burst = 2_000_000;

    @Option(names = "--parent-pid", description = "Exit when this process is gone.")
    private long parentPid;

    private final WaitStrategy wait = Demo.waitStrategy();
    private final SharedBuffer message = SharedBuffer.wrap(new byte[Demo.MESSAGE_LENGTH]);
    private Publication ping;
    private Subscription pong;
    private MessageHandler handler;
    private long echoType;
    private long echoValue;
    private long nextCheckNs;

    @Override
    public Integer call() {
        if (messages < 1 || warmup < 0 || burst < 0) {
            throw CliException.usage("demo-ping: --messages must be positive, --warmup and --burst not negative");
        }
        try (Shimmy shimmy = Shimmy.open(parent.context(null))) {
            ping = shimmy.publication(Demo.PING_TOPIC, Demo.topicConfig());
            pong = shimmy.subscription(Demo.PONG_TOPIC, Demo.topicConfig(),
                new SubscriptionConfig().start(StartPosition.LATEST).name("demo-ping"));
            handler = this::onEcho;
            nextCheckNs = System.nanoTime() + Demo.PARENT_CHECK_NS;

            final long warmupStart = System.nanoTime();
            int warmups = 0;
            while (warmups < warmup && System.nanoTime() - warmupStart < WARMUP_LIMIT_NS) {
                roundTrip(warmups++);
            }
            final long[] rtt = new long[messages];
            int timed = 0;
            final long timedStart = System.nanoTime();
            while (timed < messages && System.nanoTime() - timedStart < TIMED_LIMIT_NS) {
                rtt[timed] = roundTrip(warmups + timed);
                timed++;
            }
            Arrays.sort(rtt, 0, timed);

            final long burstStart = System.nanoTime();
            long sent = 0;
            message.putLong(Demo.TYPE_OFFSET, Demo.BURST);
            while (sent < burst && ((sent & 1023) != 0 || System.nanoTime() - burstStart < BURST_LIMIT_NS)) {
                message.putLong(Demo.VALUE_OFFSET, sent);
                send();
                sent++;
            }
            message.putLong(Demo.TYPE_OFFSET, Demo.END);
            message.putLong(Demo.VALUE_OFFSET, sent);
            send();
            awaitEcho(Demo.END);
            final long burstNs = System.nanoTime() - burstStart;
            final long received = echoValue;
            pong.close();

            final PrintWriter out = spec.commandLine().getOut();
            out.println("result " + timed + " " + warmups + " " + Demo.percentile(rtt, timed, 0.50) + " " +
                Demo.percentile(rtt, timed, 0.90) + " " + Demo.percentile(rtt, timed, 0.99) + " " +
                Demo.percentile(rtt, timed, 0.999) + " " + rtt[timed - 1] + " " + sent + " " + received + " " +
                burstNs);
            out.flush();
        }
        return 0;
    }

    private long roundTrip(final long sequence) {
        message.putLong(Demo.TYPE_OFFSET, Demo.PING);
        message.putLong(Demo.VALUE_OFFSET, sequence);
        final long start = System.nanoTime();
        send();
        awaitEcho(Demo.PING);
        final long end = System.nanoTime();
        if (echoValue != sequence) {
            throw CliException.runtime("demo ping: sent ping " + sequence + " but the echo was " + echoValue);
        }
        return end - start;
    }

    private void send() {
        long result;
        while ((result = ping.offer(message, 0, Demo.MESSAGE_LENGTH)) == Publication.BACK_PRESSURED) {
            wait.idle(0);
            check();
        }
        wait.reset();
        if (result < 0) {
            throw CliException.runtime("demo ping: cannot publish on " + Demo.PING_TOPIC + " (offer returned " +
                result + ")");
        }
    }

    private void awaitEcho(final long type) {
        final long start = System.nanoTime();
        echoType = 0;
        while (true) {
            final int polled = pong.poll(handler, 1);
            if (polled > 0 && echoType == type) {
                wait.reset();
                return;
            }
            wait.idle(polled);
            if (polled < 0) {
                throw CliException.runtime("demo ping: topic " + Demo.PONG_TOPIC + " failed (poll returned " +
                    polled + ")");
            }
            if (polled == 0 && check() - start > ECHO_TIMEOUT_NS) {
                throw CliException.runtime("demo ping: no answer from the pong process within " +
                    Units.duration(ECHO_TIMEOUT_NS));
            }
        }
    }

    /** Looks, every 100 ms, whether the demo process is still there; returns the time. */
    private long check() {
        final long now = System.nanoTime();
        if (now >= nextCheckNs) {
            nextCheckNs = now + Demo.PARENT_CHECK_NS;
            if (!Demo.parentAlive(parentPid)) {
                throw CliException.runtime("demo ping: the demo process is gone; stopping");
            }
        }
        return now;
    }

    private void onEcho(final SharedBuffer buffer, final int offset, final int length) {
        echoType = buffer.getLong(offset + Demo.TYPE_OFFSET);
        echoValue = buffer.getLong(offset + Demo.VALUE_OFFSET);
    }
}

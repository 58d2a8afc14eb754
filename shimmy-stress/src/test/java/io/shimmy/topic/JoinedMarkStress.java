package io.shimmy.topic;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A subscriber joining at the latest position while an inspector publishes as soon as {@link TopicStatus} shows it
 * joined (what the sensors example's {@code --subscribers} does): the joined mark is stored after the position, so a
 * subscriber seen joined reads the message published after that. Results: whether the inspector saw it joined (and
 * published), messages the subscriber's first poll delivered.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not joined yet when inspected: nothing published")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "seen joined, then published: the subscriber read it")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "seen joined, but the subscriber started after the message")
@Outcome(expect = FORBIDDEN, desc = "a message nobody published")
@State
public class JoinedMarkStress {
    private static final int LENGTH = 64;

    private final StressTopic topic = new StressTopic(false);
    private final Publication publication = topic.publication();
    private final byte[] message = new byte[LENGTH];
    private Subscription subscription;

    /** Joins at the latest position. */
    @Actor
    public void joiner() {
        subscription = topic.subscription(StartPosition.LATEST);
    }

    /**
     * Publishes one message if the subscriber shows joined.
     *
     * @param r r1: whether it was seen joined.
     */
    @Actor
    public void inspector(final II_Result r) {
        if (TopicStatus.of(topic.file).subscribers().stream().anyMatch(TopicStatus.Party::joined)) {
            r.r1 = 1;
            if (publication.offer(message, 0, LENGTH) < 0) {
                r.r1 = -1;
            }
        }
    }

    /**
     * Polls once, then closes both parties.
     *
     * @param r r2: messages delivered.
     */
    @Arbiter
    public void poll(final II_Result r) {
        r.r2 = subscription.poll((buffer, offset, length) -> { }, 10);
        publication.close();
        subscription.close();
    }
}

package io.shimmy.mirror;

import io.shimmy.mirror.ucx.UcxTransport;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests of the ucx transport run where UCX loads; elsewhere they are skipped with the reason, unless the environment
 * sets {@code SHIMMY_REQUIRE_UCX} (as {@code .ci/run} does, after installing {@code libucx0}): then they fail.
 */
public final class UcxPresence {
    /** The variable that turns a skip into a failure. */
    public static final String REQUIRE = "SHIMMY_REQUIRE_UCX";

    private UcxPresence() {
    }

    /**
     * Skips (or fails) the calling test if it uses {@code transport} and that is ucx, which does not load here.
     *
     * @param transport the test's transport.
     */
    public static void assume(final String transport) {
        if (!UcxTransport.NAME.equals(transport)) {
            return;
        }
        final String reason = UcxTransport.unavailableReason();
        if (reason != null && System.getenv(REQUIRE) != null) {
            throw new AssertionError(REQUIRE + " is set but " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }
}

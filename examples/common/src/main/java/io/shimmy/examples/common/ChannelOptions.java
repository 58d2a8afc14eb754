package io.shimmy.examples.common;

import io.shimmy.ShimmyContext;

import java.nio.file.Path;

/**
 * The options every example has for Shimmy itself, read by the same environment variables as {@link ShimmyContext}:
 * {@code --dir} ({@code SHIMMY_DIR}), {@code --mode} ({@code SHIMMY_MODE}) and {@code --wait} ({@code SHIMMY_WAIT}).
 */
public final class ChannelOptions {
    private ChannelOptions() {
    }

    /**
     * Declares the options.
     *
     * @param options to add them to.
     * @return {@code options}.
     */
    public static Options addTo(final Options options) {
        return options
            .add("dir", "SHIMMY_DIR", ShimmyContext.DEFAULT_DIR,
                "channel directory: a tmpfs that every container of the pod or compose project mounts")
            .add("mode", "SHIMMY_MODE", "0600",
                "permissions of the channel files this process creates; 0660 lets the group share them")
            .add("wait", "SHIMMY_WAIT", "backoff", "how an idle reader waits: spin, yield, backoff or block");
    }

    /**
     * The Shimmy configuration the options ask for, concluded (so a bad mode or wait strategy fails here).
     *
     * @param options parsed, with {@link #addTo(Options)} applied.
     * @return the context.
     */
    public static ShimmyContext context(final Options options) {
        return new ShimmyContext()
            .dir(Path.of(options.string("dir")))
            .mode(options.string("mode"))
            .waitStrategy(options.string("wait"))
            .conclude();
    }
}

package io.shimmy.examples.frames;

import io.shimmy.examples.common.Launcher;

/**
 * {@code java -jar shimmy-frames.jar ROLE [OPTIONS]}: one jar, one image, two roles.
 */
public final class FramesMain {
    private FramesMain() {
    }

    /**
     * Runs a role.
     *
     * @param args the role ({@code sink} or {@code source}) and its options.
     */
    public static void main(final String[] args) {
        launcher().main(args);
    }

    /**
     * The roles of this example.
     *
     * @return the launcher.
     */
    static Launcher launcher() {
        return new Launcher("shimmy-frames", "Video-like frames or a file over a Shimmy stream, checksums verified.")
            .role("sink", "listen; receive transfers, verify their checksums, report MB/s and frame latency",
                FrameSink::run)
            .role("source", "connect; stream generated frames or a file, then check the sink's verdict",
                FrameSource::run);
    }
}

package io.shimmy.mirror;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.ChildProcess;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The main class of the child JVMs that {@link MirrorCrashTest} kills with SIGKILL: {@code DIR PORT TOPIC} pushes
 * the topic of the channel directory to the receiver on {@code 127.0.0.1:PORT} until killed, printing each line of
 * its log and {@code READY} once connected.
 */
public final class MirrorCrashChild {
    private MirrorCrashChild() {
    }

    /**
     * Runs the mirror.
     *
     * @param args the channel directory, the receiver's port and the topic.
     */
    public static void main(final String[] args) {
        ChildProcess.exitWithParent();
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(Path.of(args[0])));
             MirrorPush push = new MirrorPush(shimmy, new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])),
                 List.of(args[2]), MirrorTest.context("tcp", List.of()).log(MirrorCrashChild::say))) {
            final Thread announcer = new Thread(() -> {
                while (!push.connected()) {
                    LockSupport.parkNanos(1_000_000L);
                }
                say("READY");
            });
            announcer.setDaemon(true);
            announcer.start();
            push.run();
        }
    }

    private static synchronized void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }
}

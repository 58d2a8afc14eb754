package io.shimmy.mirror.ucx;

import io.shimmy.mirror.MirrorException;
import org.openucx.jucx.UcxCallback;
import org.openucx.jucx.UcxUtils;
import org.openucx.jucx.ucp.UcpContext;
import org.openucx.jucx.ucp.UcpMemMapParams;
import org.openucx.jucx.ucp.UcpMemory;
import org.openucx.jucx.ucp.UcpParams;

import java.nio.ByteBuffer;

/**
 * The process's UCX context, created on first use: loading it loads {@code libucp} through jucx's JNI glue (shipped
 * in its jar), so a host without UCX fails here, with a message that says what to install.
 * <p>
 * {@code UCX_SEG_SIZE} defaults to 64 KiB unless the environment sets it; transport settings such as
 * {@code UCX_TCP_TX_SEG_SIZE=64k} (with it, about three times the throughput of large puts over TCP) can only come
 * from the environment.
 * <p>
 * The context asks for UCX's wake-up feature, so that an idle worker sleeps until its transport has events
 * ({@link UcxWaker}); where UCX cannot provide it, the context is made without it and idle workers sleep briefly
 * and poll, as they must then.
 */
final class Ucx {
    /** A callback that does nothing: completion is polled. */
    static final UcxCallback IGNORE = new UcxCallback() {
    };

    private static UcpContext context;
    private static boolean wakeup;

    private Ucx() {
    }

    /**
     * The shared context.
     *
     * @return the context.
     * @throws MirrorException if UCX cannot be loaded.
     */
    static synchronized UcpContext context() {
        if (context == null) {
            try {
                try {
                    context = new UcpContext(params().requestWakeupFeature());
                    wakeup = true;
                } catch (final RuntimeException ex) {
                    context = new UcpContext(params());
                }
            } catch (final UnsatisfiedLinkError | NoClassDefFoundError ex) {
                throw new MirrorException("UCX cannot be loaded on this host (" + ex.getMessage() + "): install " +
                    "it (Debian/Ubuntu: apt-get install libucx0; check with ucx_info -d), or use --transport tcp",
                    ex);
            } catch (final RuntimeException ex) {
                throw new MirrorException("UCX failed to start: " + ex.getMessage() + "; check UCX_* environment " +
                    "variables and ucx_info -d, or use --transport tcp", ex);
            }
        }
        return context;
    }

    private static UcpParams params() {
        final UcpParams params = new UcpParams().requestRmaFeature().setMtWorkersShared(true);
        if (System.getenv("UCX_SEG_SIZE") == null) {
            params.setConfig("SEG_SIZE", "64k");
        }
        return params;
    }

    /**
     * Whether workers can sleep until their transport has events ({@code UcpWorker.waitForEvents}).
     *
     * @return true if the context has UCX's wake-up feature.
     */
    static synchronized boolean wakeup() {
        context();
        return wakeup;
    }

    /**
     * Registers a direct buffer for remote access.
     *
     * @param buffer to register; kept reachable by the caller while registered.
     * @return the registration.
     */
    static UcpMemory register(final ByteBuffer buffer) {
        return context().memoryMap(new UcpMemMapParams().setAddress(UcxUtils.getAddress(buffer))
            .setLength(buffer.capacity()));
    }
}

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
 */
final class Ucx {
    /** A callback that does nothing: completion is polled. */
    static final UcxCallback IGNORE = new UcxCallback() {
    };

    private static UcpContext context;

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
                final UcpParams params = new UcpParams().requestRmaFeature().setMtWorkersShared(true);
                if (System.getenv("UCX_SEG_SIZE") == null) {
                    params.setConfig("SEG_SIZE", "64k");
                }
                context = new UcpContext(params);
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

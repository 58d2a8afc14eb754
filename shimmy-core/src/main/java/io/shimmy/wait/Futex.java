package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * Linux futex calls on words in shared (file-backed) memory, through JNR-FFI's binding of libc's {@code syscall}.
 * The shared variants ({@code FUTEX_WAIT}, {@code FUTEX_WAKE}, not {@code _PRIVATE}) wake waiters in other
 * processes and containers that map the same file: the kernel keys them by inode and offset.
 * <p>
 * Where the binding cannot load (another OS, no libc, a locked-down runtime), {@link #AVAILABLE} is false and callers
 * fall back to parking; {@link #UNAVAILABLE_REASON} says why.
 */
public final class Futex {
    /** Whether futex calls work here. */
    public static final boolean AVAILABLE;
    /** Why they do not, or null. */
    public static final String UNAVAILABLE_REASON;

    private static final long SYS_FUTEX = 202;
    private static final long SYS_FUTEX_AARCH64 = 98;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    private static final long SYSCALL_NUMBER;

    /** The libc function bound through JNR-FFI. */
    public interface LibC {
        /**
         * libc's {@code syscall(2)}.
         *
         * @param number of the system call.
         * @param a1 first argument.
         * @param a2 second argument.
         * @param a3 third argument.
         * @param a4 fourth argument.
         * @param a5 fifth argument.
         * @param a6 sixth argument.
         * @return the result, -1 on error.
         */
        long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
    }

    static {
        LibC libc = null;
        Runtime runtime = null;
        String reason = null;
        final String os = System.getProperty("os.name", "");
        final String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            reason = "futex is Linux-only and this is " + os;
        } else if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            reason = "no futex system call number known for " + arch;
        } else {
            try {
                libc = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            } catch (final Throwable ex) {
                libc = null;
                reason = "JNR-FFI could not bind libc: " + ex;
            }
        }
        LIBC = libc;
        RUNTIME = runtime;
        AVAILABLE = libc != null;
        UNAVAILABLE_REASON = reason;
        SYSCALL_NUMBER = arch.equals("aarch64") ? SYS_FUTEX_AARCH64 : SYS_FUTEX;
    }

    private final SharedBuffer buffer;
    private final long address;
    private final Pointer timespec;

    /**
     * Futex access to words of a mapped buffer.
     *
     * @param buffer a direct (mapped) buffer; kept reachable by this object while its address is in use.
     */
    public Futex(final SharedBuffer buffer) {
        if (!AVAILABLE) {
            throw new IllegalStateException("futex unavailable: " + UNAVAILABLE_REASON);
        }
        final ByteBuffer bytes = buffer.byteBuffer();
        if (!bytes.isDirect()) {
            throw new IllegalArgumentException("futex words must live in a direct (mapped) buffer");
        }
        this.buffer = buffer;
        this.address = Pointer.wrap(RUNTIME, bytes).address();
        this.timespec = Memory.allocateDirect(RUNTIME, 16);
    }

    /**
     * Sleeps while the word at {@code index} holds {@code expected}, until woken or the timeout passes.
     * Returns at once if the word differs. Spurious returns are possible: callers re-check.
     *
     * @param index of the 4-byte aligned word in the buffer.
     * @param expected value the caller saw.
     * @param timeoutNs longest sleep.
     */
    public void await(final int index, final int expected, final long timeoutNs) {
        timespec.putLong(0, timeoutNs / 1_000_000_000L);
        timespec.putLong(8, timeoutNs % 1_000_000_000L);
        LIBC.syscall(SYSCALL_NUMBER, address + index, FUTEX_WAIT, expected, timespec.address(), 0, 0);
        Reference.reachabilityFence(buffer);
    }

    /**
     * Wakes every process sleeping on the word at {@code index}.
     *
     * @param index of the 4-byte aligned word in the buffer.
     */
    public void wakeAll(final int index) {
        LIBC.syscall(SYSCALL_NUMBER, address + index, FUTEX_WAKE, Integer.MAX_VALUE, 0, 0, 0);
        Reference.reachabilityFence(buffer);
    }
}

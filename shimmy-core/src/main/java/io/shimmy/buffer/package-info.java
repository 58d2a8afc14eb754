/**
 * Byte access to shared memory: {@link io.shimmy.buffer.SharedBuffer} gives plain, ordered and atomic access
 * to a mapped file (or any {@link java.nio.ByteBuffer}) through {@link java.lang.invoke.VarHandle}s, so no JVM
 * flags are needed. Message handlers receive a {@code SharedBuffer}.
 */
package io.shimmy.buffer;

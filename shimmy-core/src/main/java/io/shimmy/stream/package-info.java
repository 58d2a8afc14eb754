/**
 * Byte streams between two processes, like a local TCP connection: a {@link io.shimmy.stream.StreamListener}
 * accepts {@link io.shimmy.stream.StreamConnection}s, each a file with two single-producer single-consumer byte
 * rings, with stream, NIO channel and zero-copy views. {@link io.shimmy.stream.StreamDescriptor} and
 * {@link io.shimmy.stream.ListenerDescriptor} are the layout; docs/format.md describes it byte by byte.
 */
package io.shimmy.stream;

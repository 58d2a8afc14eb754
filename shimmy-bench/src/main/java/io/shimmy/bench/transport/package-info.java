/**
 * Transports the harness runs without JVM flags, so also from the {@code shimmy} command: a Shimmy topic, the
 * shared-memory floor, Unix domain sockets and TCP over loopback.
 */
package io.shimmy.bench.transport;

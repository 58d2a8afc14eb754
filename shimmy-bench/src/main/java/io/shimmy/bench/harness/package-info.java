/**
 * The cross-process harness: a runner starts child JVMs (a ping and a pong process, or a publisher and its
 * subscribers) with the JVM flags each transport needs, records every round trip in an HdrHistogram, and measures
 * one-way throughput and the idle CPU of a waiting subscriber. Transports plug in through {@link
 * io.shimmy.bench.harness.Transport} and one line in {@link io.shimmy.bench.harness.TransportKind}.
 */
package io.shimmy.bench.harness;

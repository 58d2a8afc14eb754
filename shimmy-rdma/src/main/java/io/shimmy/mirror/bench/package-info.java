/**
 * The mirror's cross-host benchmark ({@link io.shimmy.mirror.bench.MirrorBenchmark}) and the network namespaces it
 * and the tests use as two hosts ({@link io.shimmy.mirror.bench.Namespaces}).
 */
package io.shimmy.mirror.bench;

/**
 * The peers Shimmy is measured against: Agrona's {@code OneToOneRingBuffer} over a mapped file, Aeron IPC and
 * Chronicle Queue. They need JVM flags ({@code --add-exports}, {@code --add-opens}), which the harness gives to its
 * child JVMs; nothing outside this package loads their classes.
 */
package io.shimmy.bench.peer;

/**
 * JMH benchmarks of Shimmy's in-process costs: {@code offer}, {@code tryClaim}/{@code commit}, {@code poll}, an
 * offer and a poll in one thread, and what wake-up support costs {@code offer} when nobody sleeps. Run them with
 * {@code java -jar shimmy-bench/target/benchmarks.jar -prof gc} to see allocation per operation.
 */
package io.shimmy.bench.jmh;

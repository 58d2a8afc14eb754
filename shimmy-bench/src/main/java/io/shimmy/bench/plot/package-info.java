/**
 * Turns the harness's results (CSV and HdrHistogram percentile files) into the PNG charts of
 * {@code docs/benchmarks.md}, with Java2D in a headless JVM: no plotting package needed.
 */
package io.shimmy.bench.plot;

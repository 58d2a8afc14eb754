/**
 * What every Shimmy example needs besides Shimmy: flags with environment fallbacks, a clean stop on SIGTERM,
 * one-line errors with exit codes, a latency histogram and a pacer. Compiled into each example's jar, so that each
 * example depends on {@code shimmy-core} only.
 */
package io.shimmy.examples.common;

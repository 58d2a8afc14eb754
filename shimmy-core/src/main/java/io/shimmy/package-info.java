/**
 * Shimmy's entry point: {@link io.shimmy.Shimmy} opens publications, subscriptions and streams in a channel
 * directory configured by a {@link io.shimmy.ShimmyContext}. Setup and misuse errors are
 * {@link io.shimmy.ShimmyException}s whose messages name the channel, the problem and the fix.
 */
package io.shimmy;

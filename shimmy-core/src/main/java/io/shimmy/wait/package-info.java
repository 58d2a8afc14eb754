/**
 * How an idle thread waits for work: {@link io.shimmy.wait.WaitStrategy} and its implementations (busy spin,
 * yield, back-off). A duty cycle is {@code wait.idle(subscription.poll(handler, limit))}.
 */
package io.shimmy.wait;

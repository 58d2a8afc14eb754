/**
 * How an idle thread waits for work: {@link io.shimmy.wait.WaitStrategy} and its implementations (busy spin,
 * yield, back-off, and block: a futex sleep woken by publishers through {@link io.shimmy.wait.Signal}).
 * A duty cycle is {@code wait.idle(subscription.poll(handler, limit))}.
 */
package io.shimmy.wait;

/**
 * The {@code tcp} mirror transport: ring bytes and tails as frames on the control connection, pure Java NIO.
 */
package io.shimmy.mirror.tcp;

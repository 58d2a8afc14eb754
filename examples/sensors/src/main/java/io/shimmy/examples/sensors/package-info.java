/**
 * Sample topic application: a publisher of simulated sensor readings and analytics subscribers (statistics and
 * alerts) that each receive every reading, check the order and report messages per second and publish-to-receive
 * latency. Each role runs in a container of its own; they share only the channel directory.
 */
package io.shimmy.examples.sensors;

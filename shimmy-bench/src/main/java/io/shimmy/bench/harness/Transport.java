package io.shimmy.bench.harness;

/**
 * A way of moving messages between processes, measured by the harness. Every run has one client (the ping process,
 * or the publisher) and one or more servers (the pong process, or the subscribers), each in its own JVM; servers
 * are opened first, in index order, and each is ready before the client starts.
 * <p>
 * To add a transport, implement this interface in one class with a public no-argument constructor and add a line
 * to {@link TransportKind}, with the JVM flags its child processes need.
 */
public interface Transport {
    /**
     * Opens server {@code index}: the pong process of a latency run (index 0, {@link Setup#duplex()} true), or a
     * subscriber of a throughput run. A transport whose client must connect to a listening server (sockets) calls
     * {@link Setup#ready()} once it listens, before it accepts; the harness calls it for the others on return.
     *
     * @param setup of the run.
     * @param index of this server, from 0 to {@code setup.servers() - 1}.
     * @return the link.
     * @throws Exception if it cannot be opened; the run fails with the message.
     */
    Link server(Setup setup, int index) throws Exception;

    /**
     * Opens the client: the ping process, or the publisher to all {@link Setup#servers()} servers.
     *
     * @param setup of the run.
     * @return the link.
     * @throws Exception if it cannot be opened; the run fails with the message.
     */
    Link client(Setup setup) throws Exception;
}

package io.shimmy.stream;

import io.shimmy.region.ErrorLog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.shimmy.stream.StreamDescriptor.END_OPEN;

/**
 * A snapshot of a listener file for inspection ({@code shimmy stat}, {@code shimmy list}, {@code shimmy clean}).
 * Reading it writes nothing to the file.
 *
 * @param name of the stream.
 * @param capacity of the rings of new connections, in bytes.
 * @param livenessTimeoutNs of the listener, and of new connections.
 * @param backlog accept slots.
 * @param pid of the listening process, in its own pid namespace; informational.
 * @param open whether the listener's end is open (not closed).
 * @param alive whether it is open with a heartbeat younger than the liveness timeout.
 * @param pending connection requests waiting to be accepted.
 * @param nextId id the next connection gets.
 * @param connections names of the stream's connection files in the directory, sorted by id.
 * @param errors the file's error log.
 */
public record ListenerStatus(String name, int capacity, long livenessTimeoutNs, int backlog, long pid, boolean open,
    boolean alive, int pending, long nextId, List<String> connections, List<ErrorLog.Entry> errors) {

    /**
     * Whether a live process uses the listener.
     *
     * @return true if it is alive.
     */
    public boolean inUse() {
        return alive;
    }

    /**
     * Reads the status of a listener file.
     *
     * @param dir channel directory.
     * @param name of the stream.
     * @return the snapshot.
     */
    public static ListenerStatus read(final Path dir, final String name) {
        try (ListenerFile file = ListenerFile.open(dir, name, true)) {
            return new ListenerStatus(file.name(), file.capacity(), file.livenessTimeoutNs(), file.backlog(),
                file.pid(), file.state() == END_OPEN, file.alive(System.nanoTime()), file.pending(), file.nextId(),
                connections(dir, name), file.errorLog().entries());
        }
    }

    /**
     * Names of a stream's connection files, sorted by id.
     *
     * @param dir channel directory.
     * @param name of the stream.
     * @return the names; empty if the directory cannot be read.
     */
    public static List<String> connections(final Path dir, final String name) {
        final List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ConnectionName.SEPARATOR + "*")) {
            for (final Path path : files) {
                final String file = path.getFileName().toString();
                if (ConnectionName.isValid(file) && ConnectionName.listener(file).equals(name)) {
                    names.add(file);
                }
            }
        } catch (final IOException ex) {
            return names;
        }
        names.sort((a, b) -> Long.compare(ConnectionName.id(a), ConnectionName.id(b)));
        return names;
    }
}

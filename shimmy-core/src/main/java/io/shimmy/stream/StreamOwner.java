package io.shimmy.stream;

/**
 * What listeners and connections report to when they open and close, so that closing their {@code Shimmy} closes
 * what is still open: implemented by {@code Shimmy}, not by applications.
 */
public interface StreamOwner {
    /**
     * A listener or connection was opened.
     *
     * @param resource to close at the latest when the owner closes.
     */
    void opened(AutoCloseable resource);

    /**
     * A listener or connection closed itself.
     *
     * @param resource to forget.
     */
    void closed(AutoCloseable resource);
}

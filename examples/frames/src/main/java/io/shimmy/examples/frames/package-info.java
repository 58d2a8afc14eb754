/**
 * Sample stream application: a source that streams video-like frames (or a file) over a Shimmy stream connection
 * and a sink that checks every frame's CRC-32C and the whole transfer's SHA-256, reporting MB/s and per-frame
 * latency. The source ends the transfer by closing its output (half-close) and reads the sink's verdict back.
 */
package io.shimmy.examples.frames;

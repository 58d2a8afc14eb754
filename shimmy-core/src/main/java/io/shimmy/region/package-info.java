/**
 * Channel files: naming, creation (fully allocated, never through a symbolic link), the common header and its
 * checks, mapping and pre-touching, the error log and heartbeats. Every kind of channel (topic, stream) is one
 * {@link io.shimmy.region.ChannelFile} laid out by its own descriptor after the common header.
 */
package io.shimmy.region;

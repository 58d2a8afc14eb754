/**
 * The remote mirror: a {@link io.shimmy.mirror.MirrorPush} on the origin host reads a topic as an ordinary
 * subscriber and ships its ring, region by region, to a {@link io.shimmy.mirror.MirrorServer} on another host,
 * which keeps a replica that local subscribers read with the ordinary API. The protocol (handshake, secret proof,
 * resume, acknowledgements) is written once here; {@link io.shimmy.mirror.Transport}s move the bytes.
 */
package io.shimmy.mirror;

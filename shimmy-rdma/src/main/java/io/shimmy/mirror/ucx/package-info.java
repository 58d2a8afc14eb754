/**
 * The {@code ucx} mirror transport: jucx one-sided puts into the receiver's registered replica ring, then the tail
 * into its tail box. UCX uses RDMA verbs where the hosts have them and TCP otherwise.
 */
package io.shimmy.mirror.ucx;

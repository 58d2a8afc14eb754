/**
 * The {@code disni} mirror transport: RDMA WRITEs through IBM's DiSNI (the verbs path the Shimmy paper used). It
 * needs {@code libdisni.so} on {@code java.library.path} and an RDMA device; see docs/remote.md.
 */
package io.shimmy.mirror.disni;

/**
 * Pub/sub topics: a ring of stamped records in a channel file, written by many {@link io.shimmy.topic.Publication}s
 * and read by many independent {@link io.shimmy.topic.Subscription}s, reliable (flow-controlled by the slowest live
 * subscriber) or lossy. {@link io.shimmy.topic.TopicDescriptor} and {@link io.shimmy.topic.RecordDescriptor} are the
 * layout; the protocol is described on them and in docs/format.md.
 */
package io.shimmy.topic;

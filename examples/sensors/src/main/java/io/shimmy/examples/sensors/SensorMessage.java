package io.shimmy.examples.sensors;

/**
 * Layout of a message on the sensors topic, little-endian, {@link #LENGTH} bytes.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                             Type                              |  0
 *  +---------------------------------------------------------------+
 *  |                            Sensor                             |  4
 *  +---------------------------------------------------------------+
 *  |                 Run (the publisher's random id)               |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Sequence (READING: 0, 1, 2... in the run; END: count)  | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           Sent: System.nanoTime() just before the offer       | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Value (IEEE 754 double)                   | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * {@code System.nanoTime()} is {@code CLOCK_MONOTONIC}, one clock for every process and container of a host, so a
 * subscriber in another container subtracts the sent time from its own clock to get the publish-to-receive latency.
 */
public final class SensorMessage {
    /** Offset of the type: {@link #READING} or {@link #END}. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the sensor number. */
    public static final int SENSOR_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the run id: a new publisher process starts a new run. */
    public static final int RUN_OFFSET = SENSOR_OFFSET + Integer.BYTES;
    /** Offset of the sequence number within the run, or of the count of readings for {@link #END}. */
    public static final int SEQUENCE_OFFSET = RUN_OFFSET + Long.BYTES;
    /** Offset of the time the reading was published, from {@code System.nanoTime()}. */
    public static final int SENT_NS_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Offset of the value, in degrees Celsius. */
    public static final int VALUE_OFFSET = SENT_NS_OFFSET + Long.BYTES;
    /** Length of every message. */
    public static final int LENGTH = VALUE_OFFSET + Long.BYTES;

    /** A sensor reading. */
    public static final int READING = 1;
    /** The last message of a run: its sequence field is the number of readings the run published. */
    public static final int END = 2;

    private SensorMessage() {
    }
}

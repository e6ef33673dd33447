package io.lossmonitor.event;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Jackson's parse buffers for a factory that only one thread uses, one parser at a time: the same buffers every
 * time, kept in plain arrays, without the thread-local lookup of Jackson's default pool or the atomic hand-over of
 * its buffer recycler on each record.
 */
final class OneThreadRecyclerPool implements RecyclerPool<BufferRecycler> {

    private static final long serialVersionUID = 1L;

    private transient BufferRecycler recycler;

    @Override
    public BufferRecycler acquirePooled() {
        if (recycler == null) {
            recycler = new OneThreadBufferRecycler();
        }
        return recycler;
    }

    @Override
    public void releasePooled(BufferRecycler released) {
        // Nothing to do: the one recycler is handed out again on the next acquire.
    }

    /** Jackson's buffer recycler without atomics, for use by one thread. */
    private static final class OneThreadBufferRecycler extends BufferRecycler {

        /** More slots than Jackson's buffer kinds (4 of each in 2.x); a slot is indexed by the kind. */
        private static final int SLOTS = 8;

        private final byte[][] bytes = new byte[SLOTS][];
        private final char[][] chars = new char[SLOTS][];

        OneThreadBufferRecycler() {
            super(0, 0);
        }

        @Override
        public byte[] allocByteBuffer(int ix, int minSize) {
            int size = Math.max(minSize, byteBufferLength(ix));
            byte[] buffer = bytes[ix];
            bytes[ix] = null;
            return buffer == null || buffer.length < size ? balloc(size) : buffer;
        }

        @Override
        public void releaseByteBuffer(int ix, byte[] buffer) {
            bytes[ix] = buffer;
        }

        @Override
        public char[] allocCharBuffer(int ix, int minSize) {
            int size = Math.max(minSize, charBufferLength(ix));
            char[] buffer = chars[ix];
            chars[ix] = null;
            return buffer == null || buffer.length < size ? calloc(size) : buffer;
        }

        @Override
        public void releaseCharBuffer(int ix, char[] buffer) {
            chars[ix] = buffer;
        }
    }
}

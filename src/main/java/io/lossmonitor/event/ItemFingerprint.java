package io.lossmonitor.event;

import org.apache.datasketches.hash.MurmurHash3;

/**
 * The fingerprint of a ranked list's item: MurmurHash3 (x64, 128 bits) of the UTF-16 code units of its string form
 * (the item 7 and "7" are one item) with a fixed seed; the first 64 bits identify the item in state and in the label
 * join, all 128 tell the items of one list apart. The seed never changes: state of every release holds these.
 */
public final class ItemFingerprint {

    static final long SEED = 0x4c6f73734d6f6e69L;
    /** The empty item's: MurmurHash3 takes no empty input, so it is the hash of one long 0 under another seed. */
    private static final long[] EMPTY = MurmurHash3.hash(new long[] {0L}, SEED + 1);

    private ItemFingerprint() {}

    /** Both halves of the fingerprint of {@code length} chars of {@code chars} from {@code offset}. */
    static long[] of(char[] chars, int offset, int length) {
        return length == 0 ? EMPTY.clone() : MurmurHash3.hash(chars, offset, length, SEED);
    }

    /** Both halves of the fingerprint of an item's string form. */
    static long[] both(String item) {
        return of(item.toCharArray(), 0, item.length());
    }

    /** The 64-bit fingerprint of an item's string form. */
    public static long of(String item) {
        return both(item)[0];
    }
}

package io.lossmonitor.sketch;

import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A ranker's queries that have their relevance label, and of them those whose label names no item of gain above 0:
 * counts and weights, mergeable; the share of queries without a relevant item, which the ranking means leave out.
 * Not thread-safe.
 */
public final class JudgedQueries implements PartState<JudgedQueries> {

    private long judged;
    private double judgedWeight;
    private long withoutRelevant;
    private double withoutRelevantWeight;

    public JudgedQueries() {}

    private JudgedQueries(long judged, double judgedWeight, long withoutRelevant, double withoutRelevantWeight) {
        this.judged = judged;
        this.judgedWeight = judgedWeight;
        this.withoutRelevant = withoutRelevant;
        this.withoutRelevantWeight = withoutRelevantWeight;
    }

    /** Adds a query with its relevance label, of which {@code relevantItems} items have a gain above 0. */
    public void add(int relevantItems, double weight) {
        judged++;
        judgedWeight += weight;
        if (relevantItems == 0) {
            withoutRelevant++;
            withoutRelevantWeight += weight;
        }
    }

    /** Σw of the queries without a relevant item / Σw of the judged queries; NaN without judged queries. */
    public double withoutRelevantShare() {
        return judgedWeight > 0 ? withoutRelevantWeight / judgedWeight : Double.NaN;
    }

    /** How many judged queries named no relevant item. */
    public long withoutRelevant() {
        return withoutRelevant;
    }

    @Override
    public JudgedQueries copy() {
        return new JudgedQueries(judged, judgedWeight, withoutRelevant, withoutRelevantWeight);
    }

    @Override
    public void merge(JudgedQueries other) {
        judged += other.judged;
        judgedWeight += other.judgedWeight;
        withoutRelevant += other.withoutRelevant;
        withoutRelevantWeight += other.withoutRelevantWeight;
    }

    @Override
    public boolean sameAs(JudgedQueries other) {
        return judged == other.judged && withoutRelevant == other.withoutRelevant
                && Double.compare(judgedWeight, other.judgedWeight) == 0
                && Double.compare(withoutRelevantWeight, other.withoutRelevantWeight) == 0;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        VarInts.writeUnsigned(judged, out);
        out.writeDouble(judgedWeight);
        VarInts.writeUnsigned(withoutRelevant, out);
        out.writeDouble(withoutRelevantWeight);
    }

    public static JudgedQueries read(DataInputView in) throws IOException {
        return new JudgedQueries(VarInts.readUnsigned(in), in.readDouble(), VarInts.readUnsigned(in),
                in.readDouble());
    }
}

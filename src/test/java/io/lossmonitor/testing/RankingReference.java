package io.lossmonitor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-query ranking metrics written out from their definitions over item names, for tests to check the job
 * against: the list as served, the label's gains (an item the label does not name has gain 0), cut-off k.
 */
public record RankingReference(double ndcg, double rr, double recall, double precision, double hit, double ap,
                               int relevant) {

    public static RankingReference of(List<String> served, Map<String, Double> gains, int k) {
        int top = Math.min(k, served.size());
        int relevant = (int) gains.values().stream().filter(g -> g > 0).count();
        double dcg = 0;
        int hits = 0;
        double rr = 0;
        double precisions = 0;
        for (int i = 1; i <= top; i++) {
            double g = gains.getOrDefault(served.get(i - 1), 0.0);
            dcg += g / (Math.log(i + 1) / Math.log(2));
            if (g > 0) {
                hits++;
                rr = rr == 0 ? 1.0 / i : rr;
                precisions += (double) hits / i;
            }
        }
        List<Double> ideal = new ArrayList<>(gains.values());
        ideal.sort((a, b) -> Double.compare(b, a));
        double idcg = 0;
        for (int i = 1; i <= Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i - 1) / (Math.log(i + 1) / Math.log(2));
        }
        return new RankingReference(dcg / idcg, rr, (double) hits / relevant, (double) hits / top, hits > 0 ? 1 : 0,
                precisions / Math.min(k, relevant), relevant);
    }

    /** The value of a metric by its name in the aggregate record, e.g. {@code ndcg_at_k}. */
    public double metric(String name) {
        return switch (name) {
            case "ndcg_at_k" -> ndcg;
            case "mrr_at_k" -> rr;
            case "recall_at_k" -> recall;
            case "precision_at_k" -> precision;
            case "hit_rate_at_k" -> hit;
            case "map_at_k" -> ap;
            default -> throw new IllegalArgumentException(name);
        };
    }
}

package io.lossmonitor.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded, reproducible prediction traffic from a handful of typical models: a calibrated and an over-confident
 * churn classifier that score the same customers (one id, one label) and always predict the same class (so they
 * have the same accuracy, and different loss), a multi-class model with named classes, a regressor with occasional
 * outliers, a fraud model that starts to degrade after a while, and three face encoders scoring the same triplets:
 * one, another whose embedding is the first's at half the scale (the same mistakes, a higher triplet loss), and a
 * third that starts to collapse when the fraud model starts to degrade (each negative drifts towards its anchor's
 * identity); and two search rankers serving lists for the same queries, judged by the items clicked, the second of
 * which starts to push the clicked items down its list when the fraud model starts to degrade.
 */
public final class SyntheticTraffic {

    public static final String CALIBRATED = "churn-calibrated";
    public static final String OVERCONFIDENT = "churn-overconfident";
    public static final String ANIMALS = "animals";
    public static final String HOUSE_PRICES = "house-prices";
    public static final String FRAUD = "fraud-detector";
    public static final String ENCODER = "face-encoder";
    public static final String ENCODER_HALF_SCALE = "face-encoder-half";
    public static final String ENCODER_COLLAPSING = "face-encoder-collapsing";
    public static final String RANKER = "search-ranker";
    public static final String RANKER_NEXT = "search-ranker-next";
    /** The length of a served list. */
    private static final int LIST_LENGTH = 20;
    /** The documents a query's list is drawn from. */
    private static final int CATALOGUE = 5_000;
    /** The encoders' embedding dimension. */
    private static final int DIMENSIONS = 8;
    /** Event time the collapse takes to be full. */
    private static final long COLLAPSE_MILLIS = 3 * 60_000L;
    private static final int IDENTITIES = 6;
    /** The spread of one identity's embeddings around its centre. */
    private static final double IDENTITY_SPREAD = 0.85;

    private static final String[] ANIMAL_CLASSES = {"cat", "dog", "bird"};
    /** The over-confident model's logits are this many times the calibrated one's: same sign, sharper. */
    private static final double OVERCONFIDENCE = 3.0;

    private final Random random;
    /** The encoders draw from their own generator, so adding them left the other models' traffic as it was. */
    private final Random faces;
    private final double[][] identities;
    private long triplets;
    /** The rankers draw from their own generator too. */
    private final Random searches;
    private long queries;
    private final long degradeAfterMillis;
    private final JsonFactory json = new JsonFactory();
    private Long firstEventTime;
    private long sequence;

    /**
     * @param seed the same seed gives the same traffic
     * @param degradeAfterMillis event time after the first event at which the fraud model starts to degrade
     */
    public SyntheticTraffic(long seed, long degradeAfterMillis) {
        this.random = new Random(seed);
        this.faces = new Random(seed + 1);
        this.searches = new Random(seed + 2);
        this.identities = new double[IDENTITIES][DIMENSIONS];
        for (double[] centre : identities) {
            for (int d = 0; d < DIMENSIONS; d++) {
                centre[d] = faces.nextGaussian();
            }
        }
        this.degradeAfterMillis = degradeAfterMillis;
    }

    /**
     * One generated prediction: with its label inline, or without it plus the label event for its own topic.
     *
     * @param truthField the field of its ground truth: {@code label}, or {@code relevant} for a ranked list
     * @param sendsLabel false for the second prediction of an id, whose label the first one's label event gives, and
     *     for an event that takes no label (a triplet)
     */
    public record Generated(String model, String withLabel, String withoutLabel, String id, String truthField,
                            String labelJson, boolean sendsLabel) {

        /**
         * The label event {"id","label","ts"} (or "relevant" in place of "label") for the labels topic, stamped with
         * when the outcome became known.
         */
        public String labelEvent(long labelTime) {
            return "{\"id\":\"" + id + "\",\"" + truthField + "\":" + labelJson + ",\"ts\":" + labelTime + "}";
        }
    }

    /**
     * The events of one tick at the given event time, with inline labels: one from each model (two for the churn
     * pair, three encoders' views of one triplet, two rankers' lists for one query).
     */
    public List<String> next(long eventTime) {
        return generate(eventTime).stream().map(Generated::withLabel).toList();
    }

    /** The events of one tick, in both forms. */
    public List<Generated> generate(long eventTime) {
        if (firstEventTime == null) {
            firstEventTime = eventTime;
        }
        List<Generated> events = new ArrayList<>(8);
        churnPair(eventTime, events);
        events.add(animal(eventTime));
        events.add(housePrice(eventTime));
        events.add(fraud(eventTime));
        encoders(eventTime, events);
        rankers(eventTime, events);
        return events;
    }

    /**
     * One query: its candidate documents, one or two of them clicked (now and then none), and each ranker's list of
     * them. Both serve the clicked ones near the top, until the second starts to push them down.
     */
    private void rankers(long ts, List<Generated> out) {
        List<String> candidates = new ArrayList<>(LIST_LENGTH);
        while (candidates.size() < LIST_LENGTH) {
            String doc = "doc-" + searches.nextInt(CATALOGUE);
            if (!candidates.contains(doc)) {
                candidates.add(doc);
            }
        }
        int clicks = searches.nextInt(10) == 0 ? 0 : 1 + (searches.nextInt(3) == 0 ? 1 : 0);
        List<String> clicked = candidates.subList(0, clicks);
        List<String> others = candidates.subList(clicks, LIST_LENGTH);
        boolean degraded = ts - firstEventTime >= degradeAfterMillis;
        List<String> first = served(clicked, others, 0, 3);
        List<String> second = degraded ? served(clicked, others, 2, 14) : served(clicked, others, 0, 3);
        StringBuilder relevant = new StringBuilder("[");
        for (String c : clicked) {
            relevant.append(relevant.length() > 1 ? "," : "").append('"').append(c).append('"');
        }
        String truth = relevant.append(']').toString();
        String query = "query-" + queries++;
        out.add(event(ts, RANKER, "v1", null, query, true, g -> writeItems(g, first), "relevant", truth));
        out.add(event(ts, RANKER_NEXT, "v1", null, query, false, g -> writeItems(g, second), "relevant", truth));
    }

    /** The other documents in a shuffled order, each clicked one put at a position drawn from [from, to]. */
    private List<String> served(List<String> clicked, List<String> others, int from, int to) {
        List<String> list = new ArrayList<>(others);
        java.util.Collections.shuffle(list, searches);
        for (String c : clicked) {
            list.add(Math.min(list.size(), from + searches.nextInt(to - from + 1)), c);
        }
        return list;
    }

    private static void writeItems(JsonGenerator g, List<String> items) throws IOException {
        g.writeArrayFieldStart("items");
        for (String item : items) {
            g.writeString(item);
        }
        g.writeEndArray();
    }

    /** One triplet (anchor and positive of one identity, negative of another) as each encoder embeds it. */
    private void encoders(long ts, List<Generated> out) {
        int identity = faces.nextInt(IDENTITIES);
        int other = (identity + 1 + faces.nextInt(IDENTITIES - 1)) % IDENTITIES;
        double[] anchor = face(identities[identity]);
        double[] positive = face(identities[identity]);
        double[] negative = face(identities[other]);
        double collapse = 0.9 * Math.min(1.0, Math.max(0.0, (double) (ts - firstEventTime - degradeAfterMillis)
                / COLLAPSE_MILLIS));
        double[] collapsed = new double[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            collapsed[d] = round4(negative[d] + collapse * (identities[identity][d] - identities[other][d]));
        }
        String id = "triplet-" + triplets++;
        out.add(triplet(ts, ENCODER, id, anchor, positive, negative, 1.0));
        out.add(triplet(ts, ENCODER_HALF_SCALE, id, anchor, positive, negative, 0.5));
        out.add(triplet(ts, ENCODER_COLLAPSING, id, anchor, positive, collapsed, 1.0));
    }

    /** One embedding of an identity: its centre plus noise, to four decimals. */
    private double[] face(double[] centre) {
        double[] v = new double[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = round4(centre[d] + IDENTITY_SPREAD * faces.nextGaussian());
        }
        return v;
    }

    private Generated triplet(long ts, String model, String id, double[] anchor, double[] positive,
                              double[] negative, double scale) {
        return event(ts, model, "v1", null, id, false, g -> {
            writeVector(g, "anchor", anchor, scale);
            writeVector(g, "positive", positive, scale);
            writeVector(g, "negative", negative, scale);
        }, "label", null);
    }

    /** Halving a four-decimal number is exact in decimal and in binary: the half-scale encoder's vectors are half. */
    private static void writeVector(JsonGenerator g, String field, double[] v, double scale) throws IOException {
        g.writeArrayFieldStart(field);
        for (double x : v) {
            g.writeNumber(x * scale);
        }
        g.writeEndArray();
    }

    private void churnPair(long ts, List<Generated> out) {
        double logit = 1.5 * random.nextGaussian();
        double p = sigmoid(logit);
        boolean churned = random.nextDouble() < p;
        String customer = "customer-" + sequence++;
        out.add(event(ts, CALIBRATED, "v1", null, customer, true, g -> g.writeNumberField("probability", p),
                "label", String.valueOf(churned)));
        out.add(event(ts, OVERCONFIDENT, "v1", null, customer, false,
                g -> g.writeNumberField("probability", sigmoid(OVERCONFIDENCE * logit)), "label",
                String.valueOf(churned)));
    }

    private Generated animal(long ts) {
        int truth = random.nextInt(ANIMAL_CLASSES.length);
        double[] logits = new double[ANIMAL_CLASSES.length];
        for (int c = 0; c < logits.length; c++) {
            logits[c] = random.nextGaussian() + (c == truth ? 1.5 : 0.0);
        }
        boolean asObject = random.nextBoolean();
        return event(ts, ANIMALS, "v2", random.nextBoolean() ? "app=ios" : "app=android", g -> {
            if (asObject) {
                g.writeObjectFieldStart("logits");
                for (int c = 0; c < logits.length; c++) {
                    g.writeNumberField(ANIMAL_CLASSES[c], logits[c]);
                }
                g.writeEndObject();
            } else {
                double[] p = softmax(logits);
                g.writeFieldName("probabilities");
                g.writeArray(p, 0, p.length);
                g.writeFieldName("classes");
                g.writeArray(ANIMAL_CLASSES, 0, ANIMAL_CLASSES.length);
            }
        }, "\"" + ANIMAL_CLASSES[truth] + "\"");
    }

    private Generated housePrice(long ts) {
        double price = 200 + 30 * random.nextGaussian();
        boolean outlier = random.nextDouble() < 0.03;
        double error = (outlier ? 150 : 10) * random.nextGaussian();
        return event(ts, HOUSE_PRICES, "v3", null, g -> g.writeNumberField("prediction", round(price + error)),
                String.valueOf(round(price)));
    }

    private Generated fraud(long ts) {
        boolean isFraud = random.nextDouble() < 0.2;
        boolean degraded = ts - firstEventTime >= degradeAfterMillis;
        // After the drift the transactions look alike: the model's scores crowd around its boundary, where it was
        // often wrong before as well, so its own probabilities foretell the errors before the labels do.
        double signal = degraded ? 0.3 : 1.5;
        double logit = (isFraud ? signal : -signal) + (degraded ? 0.7 : 1.0) * random.nextGaussian();
        return event(ts, FRAUD, "v1", null, g -> g.writeNumberField("logits", logit), isFraud ? "1" : "0");
    }

    /** Writes the fields of one event body. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** @param labelJson the label as a JSON value; null for an event that takes none (a triplet) */
    private Generated event(long ts, String model, String version, String segment, Body body, String labelJson) {
        return event(ts, model, version, segment, model + "-" + sequence++, true, body, "label", labelJson);
    }

    private Generated event(long ts, String model, String version, String segment, String id, boolean sendsLabel,
                            Body body, String truthField, String labelJson) {
        StringWriter text = new StringWriter(160);
        try (JsonGenerator g = json.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeStringField("version", version);
            if (segment != null) {
                g.writeStringField("segment", segment);
            }
            g.writeStringField("id", id);
            g.writeNumberField("ts", ts);
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String withoutLabel = text.toString();
        String withLabel = labelJson == null ? withoutLabel
                : withoutLabel.substring(0, withoutLabel.length() - 1) + ",\"" + truthField + "\":" + labelJson + "}";
        return new Generated(model, withLabel, withoutLabel, id, truthField, labelJson, sendsLabel);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

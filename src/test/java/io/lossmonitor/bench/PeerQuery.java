package io.lossmonitor.bench;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The Flink SQL a user would write instead of the job: a TUMBLE window with AVG of squared, absolute and Huber
 * (δ = 1) residuals per model (for a binary classifier: of cross-entropy, errors and Brier score), json format,
 * exactly-once Kafka sink.
 */
final class PeerQuery {

    private PeerQuery() {}

    /** A table environment of the peers: UTC, the given parallelism and checkpoint interval, on {@code base}. */
    static StreamTableEnvironment tables(Configuration base, String checkpointInterval, int parallelism) {
        Configuration config = new Configuration(base);
        config.setString("execution.checkpointing.interval", checkpointInterval);
        config.setString("table.local-time-zone", "UTC");
        config.setString("parallelism.default", String.valueOf(parallelism));
        return StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment(config));
    }

    static void run(String bootstrap, String inputTopic, String outputTopic, int parallelism, String id,
                    boolean binary) throws Exception {
        StreamTableEnvironment tables = tables(new Configuration(), "1s", parallelism);
        tables.executeSql("CREATE TABLE predictions (model STRING, ts BIGINT, "
                + (binary ? "probability DOUBLE, label INT, " : "prediction DOUBLE, label DOUBLE, ")
                + "rt AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR rt AS rt - INTERVAL '5' SECOND) WITH ("
                + "'connector' = 'kafka', 'topic' = '" + inputTopic + "', "
                + "'properties.bootstrap.servers' = '" + bootstrap + "', 'properties.group.id' = '" + id + "', "
                + "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', "
                + "'format' = 'json')");
        tables.executeSql("CREATE TABLE losses (model STRING, window_start TIMESTAMP(3), cnt BIGINT, "
                + (binary ? "cross_entropy DOUBLE, error_rate DOUBLE, brier DOUBLE" : "mse DOUBLE, mae DOUBLE, huber DOUBLE")
                + ") WITH ('connector' = 'kafka', 'topic' = '" + outputTopic + "', "
                + "'properties.bootstrap.servers' = '" + bootstrap + "', 'format' = 'json', "
                + "'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = '" + id + "', "
                + "'properties.transaction.timeout.ms' = '600000')");
        String losses = binary
                ? "AVG(-LN(GREATEST(LEAST(CASE WHEN label = 1 THEN probability ELSE 1 - probability END, "
                        + "1 - 1e-15), 1e-15))), "
                        // Literals 0.0 and 1.0 would be decimals, and their average rounded to six places.
                        + "AVG(CAST(CASE WHEN (probability >= 0.5) = (label = 1) THEN 0 ELSE 1 END AS DOUBLE)), "
                        + "AVG(POWER(probability - label, 2)) "
                : "AVG(POWER(label - prediction, 2)), AVG(ABS(label - prediction)), "
                        + "AVG(CASE WHEN ABS(label - prediction) <= 1 THEN 0.5 * POWER(label - prediction, 2) "
                        + "ELSE ABS(label - prediction) - 0.5 END) ";
        tables.executeSql("INSERT INTO losses SELECT model, window_start, COUNT(*), " + losses
                + "FROM TABLE(TUMBLE(TABLE predictions, DESCRIPTOR(rt), INTERVAL '1' MINUTE)) "
                + "GROUP BY model, window_start, window_end")
                .await(Duration.ofMinutes(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}

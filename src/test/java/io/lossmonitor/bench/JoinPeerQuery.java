package io.lossmonitor.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The Flink SQL a user would write instead of the job with a labels topic: an interval join of the predictions and
 * labels topics by id (the label within an hour after its prediction), then cross-entropy, error rate and Brier score
 * per model and one-minute window of the label's event time, json format, exactly-once Kafka sink.
 */
final class JoinPeerQuery {

    private JoinPeerQuery() {}

    /** Runs the query to the end of both topics, on the given state backend's settings. */
    static void run(String bootstrap, String predictionsTopic, String labelsTopic, String outputTopic,
                    int parallelism, String id, Configuration backend) throws Exception {
        StreamTableEnvironment tables = PeerQuery.tables(backend, "10s", parallelism);
        tables.executeSql("CREATE TABLE predictions (model STRING, id STRING, ts BIGINT, probability DOUBLE, "
                + "rt AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR rt AS rt - INTERVAL '5' SECOND) WITH ("
                + source(bootstrap, predictionsTopic, id + "-p") + ")");
        tables.executeSql("CREATE TABLE labels (id STRING, label INT, ts BIGINT, "
                + "rt AS TO_TIMESTAMP_LTZ(ts, 3), WATERMARK FOR rt AS rt - INTERVAL '5' SECOND) WITH ("
                + source(bootstrap, labelsTopic, id + "-l") + ")");
        tables.executeSql("CREATE TABLE losses (model STRING, window_start TIMESTAMP(3), cnt BIGINT, "
                + "cross_entropy DOUBLE, error_rate DOUBLE, brier DOUBLE) WITH ('connector' = 'kafka', "
                + "'topic' = '" + outputTopic + "', 'properties.bootstrap.servers' = '" + bootstrap + "', "
                + "'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once', "
                + "'sink.transactional-id-prefix' = '" + id + "', 'properties.transaction.timeout.ms' = '600000')");
        tables.executeSql("CREATE TEMPORARY VIEW outcomes AS SELECT p.model, p.probability, l.label, l.rt "
                + "FROM predictions p, labels l WHERE p.id = l.id "
                + "AND l.rt BETWEEN p.rt AND p.rt + INTERVAL '1' HOUR");
        tables.executeSql("INSERT INTO losses SELECT model, window_start, COUNT(*), "
                + "AVG(-LN(GREATEST(LEAST(CASE WHEN label = 1 THEN probability ELSE 1 - probability END, "
                + "1 - 1e-15), 1e-15))), "
                + "AVG(CAST(CASE WHEN (probability >= 0.5) = (label = 1) THEN 0 ELSE 1 END AS DOUBLE)), "
                + "AVG(POWER(probability - label, 2)) "
                + "FROM TABLE(TUMBLE(TABLE outcomes, DESCRIPTOR(rt), INTERVAL '1' MINUTE)) "
                + "GROUP BY model, window_start, window_end")
                .await(Duration.ofMinutes(30).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String source(String bootstrap, String topic, String group) {
        return "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '" + bootstrap
                + "', 'properties.group.id' = '" + group + "', 'scan.startup.mode' = 'earliest-offset', "
                + "'scan.bounded.mode' = 'latest-offset', 'format' = 'json', "
                + "'properties.isolation.level' = 'read_committed'";
    }
}

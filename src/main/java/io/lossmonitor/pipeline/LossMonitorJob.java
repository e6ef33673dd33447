package io.lossmonitor.pipeline;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job on whatever Flink environment it is started in: a local MiniCluster from the command line, or
 * the cluster it was submitted to ({@code cli.SubmittedJob} is the cluster job jar's main class).
 */
public final class LossMonitorJob {

    /**
     * Where checkpoints go when neither {@code --checkpoint-dir} nor the cluster says: a local directory, because
     * Flink's fallback keeps them in the JobManager's memory, limited to 5 MB, which a job with many keys outgrows.
     */
    static final String LOCAL_CHECKPOINTS = Path.of(System.getProperty("java.io.tmpdir"), "loss-monitor-checkpoints")
            .toUri().toString();

    public static final String JOB_NAME = "loss-monitor";

    private LossMonitorJob() {}

    private static void checkpointStorage(StreamExecutionEnvironment env, JobConfig config) {
        String directory = config.checkpointDir() != null ? config.checkpointDir()
                : env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).orElse(LOCAL_CHECKPOINTS);
        Configuration storage = new Configuration();
        storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory);
        env.configure(storage);
    }

    /** Builds the job from the configuration and runs it; returns when a bounded run has finished. */
    public static void run(JobConfig config) throws Exception {
        run(config, new Configuration());
    }

    /**
     * The same, with settings for the environment the job runs in (e.g. a metric reporter for the local MiniCluster
     * of the command line; a cluster's own configuration takes precedence when submitted to one).
     */
    public static void run(JobConfig config, Configuration environment) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(environment);
        define(env, config);
        env.execute(JOB_NAME);
    }

    /** Defines the Kafka-to-Kafka job on the environment: checkpointing, parallelism, source, pipeline, sinks. */
    public static void define(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        checkpointStorage(env, config);
        if (config.parallelism() != null) {
            env.setParallelism(config.parallelism());
        }
        LossMonitorPipeline.defineWorkflow(env, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config),
                config.pipelineSettings());
    }
}

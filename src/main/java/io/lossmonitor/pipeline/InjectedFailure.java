package io.lossmonitor.pipeline;

import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A failure on purpose, for the tests of what the command line shows when the job fails: with the system property
 * {@value #PROPERTY} set to a model name, the job fails on each event of that model, past every catch of a record
 * an operator fails on. Absent the property (always, outside such a test), the operator is not in the job.
 */
final class InjectedFailure implements MapFunction<PredictionEvent, PredictionEvent> {

    static final String PROPERTY = "loss-monitor.fail-on-model";

    private static final long serialVersionUID = 1L;

    private final String model;

    private InjectedFailure(String model) {
        this.model = model;
    }

    /** The failure the system property asks for, or null. */
    static InjectedFailure requested() {
        String model = System.getProperty(PROPERTY);
        return model == null || model.isBlank() ? null : new InjectedFailure(model);
    }

    @Override
    public PredictionEvent map(PredictionEvent event) {
        if (model.equals(event.model)) {
            throw new IllegalStateException("injected failure on an event of model '" + model + "'");
        }
        return event;
    }
}

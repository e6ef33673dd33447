package io.lossmonitor.cli;

import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --delivery exactly-once|at-least-once}. */
public class DeliveryConverter implements ITypeConverter<DeliveryGuarantee> {

    @Override
    public DeliveryGuarantee convert(String value) {
        return switch (value) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default -> throw new TypeConversionException(
                    "'" + value + "' is not a delivery guarantee: use exactly-once or at-least-once");
        };
    }
}

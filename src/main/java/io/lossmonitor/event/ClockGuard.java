package io.lossmonitor.event;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Refuses an event (or label) whose time lies more than a bound ahead of the clock when it is read: one producer with
 * a wrong clock, or a time in microseconds, would otherwise move event time years forward and make every later event
 * late. The reason names the event's time, the clock and the bound, and says so when the time only makes sense as
 * microseconds or nanoseconds.
 */
public final class ClockGuard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 2000-01-01 and 2100-01-01 in epoch milliseconds: the times a monitored event plausibly has. */
    private static final long PLAUSIBLE_FROM = 946_684_800_000L;
    private static final long PLAUSIBLE_UNTIL = 4_102_444_800_000L;

    private final long maxSkewMillis;

    /** @param maxSkew how far ahead of the clock an event may be; zero turns the guard off */
    public ClockGuard(Duration maxSkew) {
        this.maxSkewMillis = maxSkew.toMillis();
    }

    public boolean isOn() {
        return maxSkewMillis > 0;
    }

    /** @throws InvalidEventException of kind {@link RejectionKind#FUTURE} when {@code eventTime} is too far ahead */
    public void check(long eventTime, long now) throws InvalidEventException {
        if (maxSkewMillis > 0 && eventTime - now > maxSkewMillis) {
            throw new InvalidEventException(RejectionKind.FUTURE, reason(eventTime, now));
        }
    }

    private String reason(long eventTime, long now) {
        String unit = unitHint(eventTime);
        return String.format(Locale.ROOT, "'ts' %s is %s ahead of the job's clock (%s), more than --max-clock-skew %s: "
                        + "it would move event time forward and make the events after it late%s",
                unit.isEmpty() ? Instant.ofEpochMilli(eventTime) : Long.toString(eventTime),
                span(eventTime - now), Instant.ofEpochMilli(now), span(maxSkewMillis), unit);
    }

    /** "; it looks like microseconds …" when the time divided by 1,000 (or 1,000,000) is a plausible date. */
    static String unitHint(double time) {
        if (time / 1_000 >= PLAUSIBLE_FROM && time / 1_000 < PLAUSIBLE_UNTIL) {
            return "; it looks like microseconds since the epoch (" + Instant.ofEpochMilli((long) (time / 1_000))
                    + "): send milliseconds";
        }
        if (time / 1_000_000 >= PLAUSIBLE_FROM && time / 1_000_000 < PLAUSIBLE_UNTIL) {
            return "; it looks like nanoseconds since the epoch (" + Instant.ofEpochMilli((long) (time / 1_000_000))
                    + "): send milliseconds";
        }
        return "";
    }

    /** A duration as a person reads it: days, hours, minutes or seconds. */
    private static String span(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() >= 2) {
            return String.format(Locale.ROOT, "%,d days", d.toDays());
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}

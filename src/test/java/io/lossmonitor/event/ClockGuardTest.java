package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Event times too far ahead of the clock are refused with a reason that names them, the clock and the limit. */
class ClockGuardTest {

    /** 2026-11-30T12:00:00Z. */
    private static final long NOW = 1_796_040_000_000L;
    private static final ClockGuard ONE_HOUR = new ClockGuard(Duration.ofHours(1));

    @Test
    void tenYearsAheadIsRefusedNamingTheTimeTheClockAndTheLimit() {
        long tenYears = NOW + Duration.ofDays(3_652).toMillis();
        assertThatThrownBy(() -> ONE_HOUR.check(tenYears, NOW)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(RejectionKind.FUTURE);
                    assertThat(e.getMessage()).isEqualTo("'ts' 2036-11-29T12:00:00Z is 3,652 days ahead of the job's "
                            + "clock (2026-11-30T12:00:00Z), more than --max-clock-skew 60 min: it would move event "
                            + "time forward and make the events after it late");
                });
    }

    @Test
    void microsecondsAreNamedAsSuch() {
        assertThatThrownBy(() -> ONE_HOUR.check(NOW * 1_000, NOW)).hasMessageEndingWith(
                "; it looks like microseconds since the epoch (2026-11-30T12:00:00Z): send milliseconds")
                .hasMessageStartingWith("'ts' 1796040000000000 is ");
    }

    @Test
    void nanosecondsAreRefusedByTheParserAndNamedAsSuch() {
        byte[] record = ("{\"model\":\"m\",\"prediction\":1,\"ts\":" + NOW * 1_000_000 + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Parsers.prediction().parse(record, -1)).isInstanceOfSatisfying(
                InvalidEventException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RejectionKind.INVALID);
                    assertThat(e.getMessage()).contains("it looks like nanoseconds since the epoch "
                            + "(2026-11-30T12:00:00Z): send milliseconds");
                });
    }

    @Test
    void withinTheLimitOrWithTheGuardOffAnyTimePasses() {
        assertThatCode(() -> ONE_HOUR.check(NOW + Duration.ofMinutes(59).toMillis(), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> ONE_HOUR.check(NOW - Duration.ofDays(3_000).toMillis(), NOW))
                .as("the past is never refused: replays are behind the clock").doesNotThrowAnyException();
        ClockGuard off = new ClockGuard(Duration.ZERO);
        assertThat(off.isOn()).isFalse();
        assertThatCode(() -> off.check(NOW * 1_000, NOW)).doesNotThrowAnyException();
    }
}

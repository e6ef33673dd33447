package io.lossmonitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The failures of a job, as the MiniCluster's REST API lists them in the job's exception history: each new one once,
 * with its root cause in one line, and whether the job failed for good with it.
 */
final class JobFailures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONGEST_CAUSE = 300;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI exceptions;
    private final URI job;
    private long lastSeen = Long.MIN_VALUE;
    private int count;

    JobFailures(int restPort, String jobId) {
        this.job = URI.create("http://localhost:" + restPort + "/jobs/" + jobId);
        this.exceptions = URI.create(job + "/exceptions?maxExceptions=50");
    }

    /**
     * A failure, the how-manyth of the job, and its root cause in one line.
     *
     * @param last whether the job failed for good with it, rather than restarted
     */
    record Failure(int number, String cause, boolean last) {}

    /** The failures since the last call, oldest first; none when the REST API does not answer. */
    List<Failure> since() {
        List<Failure> found = new ArrayList<>();
        JsonNode entries;
        boolean failed;
        try {
            String state = get(job).path("state").asText();
            failed = state.equals("FAILING") || state.equals("FAILED");
            entries = get(exceptions).path("exceptionHistory").path("entries");
        } catch (Exception unreachable) {
            return found;
        }
        List<JsonNode> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(e -> e.path("timestamp").asLong()));
        for (int i = 0; i < sorted.size(); i++) {
            long at = sorted.get(i).path("timestamp").asLong();
            if (at > lastSeen) {
                lastSeen = at;
                found.add(new Failure(++count, rootCause(sorted.get(i)), failed && i == sorted.size() - 1));
            }
        }
        return found;
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The last "Caused by" of the stack trace, or its first line: the exception and its message. */
    static String rootCause(JsonNode entry) {
        String trace = entry.path("stacktrace").asText("");
        String cause = trace.lines().findFirst().orElse(entry.path("exceptionName").asText("unknown failure"));
        for (String line : trace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        cause = cause.strip();
        return cause.length() > LONGEST_CAUSE ? cause.substring(0, LONGEST_CAUSE) + "…" : cause;
    }
}

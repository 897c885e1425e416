package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.server.support.Race;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Twenty conflicting commands on one aggregate at once: each is answered 202 or 409 (never a 500,
 * never a lost update), and the event stream they leave is consistent.
 */
class ConcurrencyHttpTest extends HttpTestSupport {

    private void assertSequenceIsContiguous(String aggregateId) {
        List<Long> sequence = jdbc.queryForList(
                "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class,
                aggregateId);
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
    }

    @Test
    void twentyUploadsOfTheSameVersionRecordExactlyOne() throws Exception {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        List<Integer> statuses = Race.of(
                20,
                i -> upload(mp, dev, "3.0.0", samplePackage())
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
        assertThat(statuses).containsOnly(202, 409);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        assertThat(eventTypes(mp).stream().filter("VersionUploaded"::equals)).hasSize(1);
        assertSequenceIsContiguous(mp);
    }

    @Test
    void twentyConflictingLifecycleCommandsLeaveAConsistentStream() throws Exception {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String ops = issueKey("operator");
        String mp = createMiniProgram(dev);
        String base = "/api/v1/mini-programs/" + mp;
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) {
            approvedVersion(mp, dev, reviewer, v);
        }
        long before = eventCount(mp);
        List<Integer> statuses = Race.of(20, i -> {
            var response = switch (i % 5) {
                case 0 -> post(base + "/release", ops, Map.of("version", "1.0.0"));
                case 1 -> post(base + "/release", ops, Map.of("version", "1.1.0"));
                case 2 -> post(base + "/gray-release", ops, Map.of("version", "1.2.0", "userIds", List.of("u-" + i)));
                case 3 -> post(base + "/gray-release", ops, Map.of("version", "1.3.0", "userIds", List.of("u-" + i)));
                default -> send(HttpMethod.PATCH, base, dev, Map.of("description", "edit " + i));
            };
            return response.returnResult(Void.class).getStatus().value();
        });
        assertThat(statuses).containsOnly(202, 409);
        long accepted = statuses.stream().filter(s -> s == 202).count();
        assertThat(eventCount(mp) - before).as("one event per accepted command").isEqualTo(accepted);
        assertSequenceIsContiguous(mp);
        List<String> types = eventTypes(mp);
        assertThat(types.stream().filter("GrayReleaseStarted"::equals))
                .as("at most one gray release at a time")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(types.stream().filter("MiniProgramDetailsUpdated"::equals))
                .as("independent edits all land")
                .hasSize(4);
        // The aggregate rebuilt from that stream still decides: the gray release (if any) blocks a second one.
        int next = post(base + "/gray-release", ops, Map.of("version", "1.3.0", "userIds", List.of("late")))
                .returnResult(Void.class)
                .getStatus()
                .value();
        assertThat(next).isEqualTo(types.contains("GrayReleaseStarted") ? 409 : 202);
    }
}

package io.atrium.command.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.dispatch.TimedOutAfterAppend;
import io.atrium.command.eventstore.EventStoreUnavailableException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionTimedOutException;

/** How failures of the store itself, and commands past their time limit, are answered. */
class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void anUnreachableEventStoreIsARetryable503() {
        ResponseEntity<ProblemDetail> answer = mapper.storeUnavailable(new EventStoreUnavailableException(
                "the event store cannot be reached", new ConnectException("connection refused")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = answer.getBody();
        assertThat(problem).isNotNull();
        assertThat(problem.getType()).isEqualTo(URI.create(Problems.BASE + "store-unavailable"));
        assertThat(problem.getTitle()).isEqualTo("Event store unavailable");
        assertThat(problem.getDetail())
                .startsWith("the event store could not be reached or did not answer in time; retry");
        assertThat(problem.getProperties()).containsEntry("retryable", true);
    }

    @Test
    void aTimeoutSaysNothingWasRecordedOnlyWhereThatIsTrue() {
        TransactionTimedOutException rolledBack = new TransactionTimedOutException("deadline passed");
        ProblemDetail nothing = mapper.timedOut(rolledBack).getBody();
        assertThat(nothing).isNotNull();
        assertThat(nothing.getType()).isEqualTo(URI.create(Problems.BASE + "timeout"));
        assertThat(nothing.getDetail()).endsWith("nothing was recorded");

        ResponseEntity<ProblemDetail> stored = mapper.timedOut(new TimedOutAfterAppend(rolledBack));
        assertThat(stored.getStatusCode().value()).isEqualTo(503);
        ProblemDetail stands = stored.getBody();
        assertThat(stands).isNotNull();
        assertThat(stands.getType()).isEqualTo(URI.create(Problems.BASE + "timeout"));
        assertThat(stands.getDetail())
                .contains("the change stands")
                .contains("same Idempotency-Key")
                .doesNotContain("nothing was recorded");
        assertThat(stands.getProperties()).containsEntry("retryable", true);
    }
}

package io.atrium.events.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyIssuedTest {

    private static ApiKeyIssued issued(List<Role> roles) {
        return new ApiKeyIssued(
                new ApiKeyId("key-01jd0000000000000000000000"),
                TenantId.DEFAULT,
                "bootstrap",
                new LinkedHashSet<>(roles),
                "a".repeat(64),
                ActorId.SYSTEM);
    }

    @Test
    void rolesAreWrittenInOneOrderWhateverOrderTheyCameIn() throws Exception {
        // The operation log hashes the event's JSON: two nodes must write the same bytes for the same fact.
        ObjectMapper json = new ObjectMapper();
        String one = json.writeValueAsString(issued(List.of(Role.PLATFORM_OPERATOR, Role.OWNER)));
        String other = json.writeValueAsString(issued(List.of(Role.OWNER, Role.PLATFORM_OPERATOR)));
        assertThat(one).isEqualTo(other).contains("[\"owner\",\"platform-operator\"]");
        // Every role, handed over in reverse: a hash-ordered set would come out in the declared order only by chance.
        List<Role> reversed = new java.util.ArrayList<>(List.of(Role.values()));
        java.util.Collections.reverse(reversed);
        assertThat(issued(reversed).roles()).containsExactly(Role.values());
    }
}

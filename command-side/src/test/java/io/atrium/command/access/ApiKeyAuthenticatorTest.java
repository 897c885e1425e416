package io.atrium.command.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.role.RoleTable;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A revocation on this node holds from the next request on, even for a request that raced its commit. */
class ApiKeyAuthenticatorTest {

    @Test
    void aKeyCachedWhileItsRevocationWasCommittingIsRefusedOnceItCommits() {
        DriverManagerDataSource db =
                new DriverManagerDataSource("jdbc:h2:mem:keys-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute(
                "CREATE TABLE api_key (id VARCHAR(64) PRIMARY KEY, tenant_id VARCHAR(64), name VARCHAR(200), roles VARCHAR(200),"
                        + " secret_sha256 VARCHAR(64), revoked BOOLEAN, issued_at TIMESTAMP)");
        jdbc.update(
                "INSERT INTO api_key VALUES ('key-01jf0000000000000000000001', 'default', 'ops', 'operator', ?, FALSE, CURRENT_TIMESTAMP)",
                ApiKeyTable.sha256("atr_secret"));
        ApiKeyTable table = new ApiKeyTable(jdbc);
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(table, new RoleTable(jdbc));
        assertThat(authenticator.authenticate("atr_secret")).isPresent();

        ApiKeyRevoked revoked = new ApiKeyRevoked(new ApiKeyId("key-01jf0000000000000000000001"), ActorId.SYSTEM);
        new TransactionTemplate(new DataSourceTransactionManager(db)).executeWithoutResult(tx -> {
            jdbc.update("UPDATE api_key SET revoked = TRUE WHERE id = 'key-01jf0000000000000000000001'");
            authenticator.on(revoked);
            // Another request, on another connection, before the revocation commits: it still reads
            // the key as valid and caches that.
            assertThat(CompletableFuture.supplyAsync(() -> authenticator.authenticate("atr_secret"))
                            .join())
                    .isPresent();
        });

        assertThat(authenticator.authenticate("atr_secret")).isEmpty();
    }

    @Test
    void aLookupThatReadTheKeyBeforeItsRevocationCommittedCannotCacheItAsValid() throws Exception {
        ApiKeyId id = new ApiKeyId("key-01jf0000000000000000000002");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The lookup read the row before the revocation committed, and returns after it.
        ApiKeyTable stale = new ApiKeyTable(new JdbcTemplate()) {
            @Override
            public Optional<KeyRow> findBySecret(String secretSha256) {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(new KeyRow(id, TenantId.DEFAULT, Set.of(Role.OPERATOR), Set.of(), false));
            }
        };
        // Built-in roles only: the role table is never read.
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(stale, new RoleTable(new JdbcTemplate()));
        CompletableFuture<Optional<Caller>> racing =
                CompletableFuture.supplyAsync(() -> authenticator.authenticate("atr_other"));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        authenticator.on(new ApiKeyRevoked(id, ActorId.SYSTEM)); // committed (no transaction here)
        release.countDown();

        assertThat(racing.get(10, TimeUnit.SECONDS)).isEmpty();
        Optional<Caller> cached = authenticator.cached("atr_other");
        assertThat(cached == null || cached.isEmpty())
                .as("no valid answer is cached")
                .isTrue();
        assertThat(authenticator.authenticate("atr_other")).isEmpty();
    }
}

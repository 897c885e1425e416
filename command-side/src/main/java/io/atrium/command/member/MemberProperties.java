package io.atrium.command.member;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Members and login ({@code atrium.members.*}).
 *
 * @param accessTokenTtl  how long an access token authenticates (10 minutes: a stolen one is short-lived,
 *                        and a refresh every 10 minutes is cheap)
 * @param refreshTokenTtl how long a refresh token may be used (8 hours: a working day); each refresh
 *                        rotates it
 * @param invitationTtl   how long an invitation token sets a password
 * @param argon2          the Argon2id parameters of new hashes (OWASP: m=19456 KiB, t=2, p=1)
 * @param hashThreads     password hashes computed at once; each holds {@code argon2.memoryKib} of memory,
 *                        so this bounds login memory too (0: the number of processors)
 * @param hashQueue       logins waiting for a hashing thread before more are answered 503
 * @param commonPasswords how many of the common-password list's top entries are checked
 */
@ConfigurationProperties(prefix = "atrium.members")
public record MemberProperties(
        @DefaultValue("10m") Duration accessTokenTtl,
        @DefaultValue("8h") Duration refreshTokenTtl,
        @DefaultValue("72h") Duration invitationTtl,
        @DefaultValue Argon2 argon2,
        @DefaultValue("0") int hashThreads,
        @DefaultValue("64") int hashQueue,
        @DefaultValue("100000") int commonPasswords) {

    public record Argon2(
            @DefaultValue("19456") int memoryKib,
            @DefaultValue("2") int iterations,
            @DefaultValue("1") int parallelism) {}

    public int threads() {
        return hashThreads > 0 ? hashThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}

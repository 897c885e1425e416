package io.atrium.command.member;

import io.atrium.command.dispatch.BusyException;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.member.LoginRefusedException.Kind;
import io.atrium.command.member.MemberCommands.AcceptInvitation;
import io.atrium.command.member.MemberCommands.ChangePassword;
import io.atrium.command.member.MemberCommands.ConfirmSecondFactor;
import io.atrium.command.member.MemberCommands.EndSession;
import io.atrium.command.member.MemberCommands.LoginVerdict;
import io.atrium.command.member.MemberCommands.RecordLoginAttempt;
import io.atrium.command.member.MemberCommands.RefreshOutcome;
import io.atrium.command.member.MemberCommands.RefreshSession;
import io.atrium.command.member.MemberCommands.StartSession;
import io.atrium.command.member.MemberTable.MemberRow;
import io.atrium.command.placement.DedicatedEventStores;
import io.atrium.command.placement.TenantScope;
import io.atrium.command.tenant.TenantState;
import io.atrium.command.tenant.TenantTable;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.Ulid;
import io.atrium.events.access.Caller;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.events.member.MemberId;
import io.atrium.events.member.MemberPasswordSet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Logins, refreshes, logouts, invitations accepted, passwords changed and second factors enrolled:
 * everything that needs a password or a token in the clear. Passwords are checked and hashed here,
 * never in an aggregate, and every step runs on a scheduler of its own with {@code hashThreads}
 * threads and a bounded queue: Argon2id takes about 19 MiB and tens of milliseconds a hash, so a login
 * flood is answered 503 ({@code busy}) rather than exhausting memory or the event loop.
 * <p>
 * An address without a member goes through the same steps as a member's (a hash against a dummy,
 * the same attempts aggregate, the same answers), so neither the answer nor its timing tells whether
 * an account exists.
 */
@Component
public class LoginService implements DisposableBean {

    /** Who failed logins against unknown addresses are recorded under. */
    public static final ActorId ANONYMOUS = new ActorId("anonymous");

    private static final int RECOVERY_CODES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MemberTable table;
    private final CommandDispatcher dispatcher;
    private final PasswordHasher hasher;
    private final CommonPasswords common;
    private final MemberProperties properties;
    private final Clock clock;
    private final Scheduler scheduler;
    private final String dummyHash;
    private final DedicatedEventStores placements;
    private final TenantTable tenants;

    public LoginService(
            MemberTable table,
            CommandDispatcher dispatcher,
            PasswordHasher hasher,
            CommonPasswords common,
            MemberProperties properties,
            Clock clock,
            ObjectProvider<DedicatedEventStores> placements,
            TenantTable tenants) {
        this.table = table;
        this.tenants = tenants;
        this.placements = placements.getIfAvailable(() -> new DedicatedEventStores(java.util.Map.of()));
        this.dispatcher = dispatcher;
        this.hasher = hasher;
        this.common = common;
        this.properties = properties;
        this.clock = clock;
        this.scheduler =
                Schedulers.newBoundedElastic(properties.threads(), properties.hashQueue(), "atrium-login", 60, true);
        // Verified against when the address has no password (unknown, or invited only): the same work.
        this.dummyHash = hasher.hash(Tokens.generate(""));
    }

    /** Where a request came from, for the events' metadata. */
    public record Origin(String clientAddress, String correlationId) {}

    /** What a successful login or refresh answers, once. */
    public record Session(MemberId memberId, Tokens.Issued tokens) {}

    /** What an enrolment answers, once. */
    public record Enrolment(String secret, String otpauthUri) {}

    // ---- login ----

    public Mono<Session> login(String tenant, String email, String password, @Nullable String code, Origin origin) {
        return inTenant(tenant, email, password, () -> {
            Checked checked = check(tenant, email, password, code, origin);
            MemberRow member = checked.member();
            LoginPolicy policy = checked.policy();
            Instant now = clock.instant();
            if (policy.expiryDays() > 0
                    && member.passwordSetAt() != null
                    && !now.isBefore(member.passwordSetAt().plus(Duration.ofDays(policy.expiryDays())))) {
                throw new LoginRefusedException(Kind.PASSWORD_EXPIRED);
            }
            spendTotpStep(checked, origin);
            if (member.passwordHash() != null && hasher.needsRehash(member.passwordHash())) {
                table.rehash(member.id(), member.passwordHash(), hasher.hash(password));
            }
            Tokens.Issued tokens = Tokens.issue(now, properties.accessTokenTtl(), properties.refreshTokenTtl());
            dispatcher.execute(
                    new StartSession(
                            member.id(),
                            member.tenant(),
                            member.id().asActor(),
                            "ses-" + Ulid.next(),
                            tokens.hashes(),
                            checked.secondFactor(),
                            checked.recoveryCodeSha256(),
                            member.passwordSetAt()),
                    context(member.tenant(), member.id().asActor(), origin));
            return new Session(member.id(), tokens);
        });
    }

    /**
     * The result of checking an address, a password and a code.
     *
     * @param totpStep the time step of the TOTP code that matched, not yet spent: the caller spends it
     *                 ({@link #spendTotpStep}) once nothing else can refuse the login
     * @param attempt  the attempt as recorded, to record a replayed code against the same address
     */
    private record Checked(
            MemberRow member,
            LoginPolicy policy,
            @Nullable String secondFactor,
            @Nullable String recoveryCodeSha256,
            OptionalLong totpStep,
            RecordLoginAttempt attempt) {}

    /**
     * Spends the matched TOTP code's time step, the last thing before the session (or the password
     * change) is recorded: a code the login refuses for another reason (a lockout, an expired password)
     * stays good for the next try. A step spent already is a replay: a failed attempt, so it counts
     * toward the lockout, recorded as {@code totp-replayed} so an auditor can tell it from a typo.
     */
    private void spendTotpStep(Checked checked, Origin origin) {
        if (checked.totpStep().isEmpty()
                || table.claimTotpStep(checked.member().id(), checked.totpStep().getAsLong())) {
            return;
        }
        RecordLoginAttempt ok = checked.attempt();
        Instant now = clock.instant();
        RecordLoginAttempt replayed = new RecordLoginAttempt(
                ok.attemptsId(), ok.tenant(), ok.actor(), ok.email(), ok.memberId(), "totp-replayed", ok.policy(), now);
        LoginVerdict verdict =
                dispatcher.executeForAnswer(replayed, context(ok.tenant(), ok.actor(), origin), LoginVerdict.class);
        throw verdict == LoginVerdict.LOCKED
                ? locked(ok.attemptsId(), now)
                : new LoginRefusedException(Kind.INVALID_CREDENTIALS);
    }

    /**
     * Checks credentials the way every login does, recording failures (and lockouts) on the address's
     * attempts stream; answers the member when they are right and the address is not locked.
     */
    private Checked check(
            String tenantName, String emailText, @Nullable String password, @Nullable String code, Origin origin) {
        TenantId tenant = validTenant(tenantName);
        String email = Email.parse("email", emailText);
        String given = validPassword(password);
        LoginPolicy policy = table.policy(tenant);
        Optional<MemberRow> found = table.findByEmail(tenant, email);
        String hash = found.map(MemberRow::passwordHash).orElse(null);
        boolean passwordOk = hasher.verify(given, hash == null ? dummyHash : hash) && hash != null;
        Instant now = clock.instant();
        LoginAttemptsId attempts = LoginAttemptsId.of(tenant, email);
        MemberId memberId = found.map(MemberRow::id).orElse(null);
        ActorId actor = memberId == null ? ANONYMOUS : memberId.asActor();

        String failure = null;
        String factor = null;
        String recoverySha = null;
        OptionalLong step = OptionalLong.empty();
        if (found.isEmpty()) {
            failure = "unknown-account";
        } else if (!passwordOk) {
            failure = "bad-credentials";
        } else if (!"active".equals(found.get().status())) {
            failure = "disabled";
        } else if (found.get().totpEnrolled()) {
            MemberRow m = found.get();
            if (code == null || code.isBlank()) {
                if (lockedUntil(attempts, now) == null) {
                    throw new LoginRefusedException(Kind.SECOND_FACTOR_REQUIRED);
                }
                failure = "second-factor";
            } else {
                // A right code for its window; whether it was used already is asked last (spendTotpStep).
                step = totpStep(m, code, now);
                String codeSha = Tokens.sha256(normalise(code));
                if (step.isPresent()) {
                    factor = "totp";
                } else if (table.hasRecoveryCode(m.id(), codeSha)) {
                    factor = "recovery-code";
                    recoverySha = codeSha;
                } else {
                    failure = "second-factor";
                }
            }
        }
        RecordLoginAttempt attempt =
                new RecordLoginAttempt(attempts, tenant, actor, email, memberId, failure, policy, now);
        if (failure != null) {
            LoginVerdict verdict =
                    dispatcher.executeForAnswer(attempt, context(tenant, actor, origin), LoginVerdict.class);
            throw verdict == LoginVerdict.LOCKED
                    ? locked(attempts, now)
                    : new LoginRefusedException(Kind.INVALID_CREDENTIALS);
        }
        // Right credentials: the attempts stream is only asked when it has something to say (failures to
        // clear, or a lockout still running, which refuses even the right password).
        Optional<MemberTable.Attempts> row = table.attempts(attempts.value());
        if (row.isPresent() && (row.get().failures() > 0 || row.get().lockedUntil() != null)) {
            LoginVerdict verdict =
                    dispatcher.executeForAnswer(attempt, context(tenant, actor, origin), LoginVerdict.class);
            if (verdict == LoginVerdict.LOCKED) {
                throw locked(attempts, now);
            }
        }
        return new Checked(found.orElseThrow(), policy, factor, recoverySha, step, attempt);
    }

    private static TenantId validTenant(String tenantName) {
        try {
            return TenantId.parse(tenantName);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("tenant", e.reason());
        }
    }

    private static String validPassword(@Nullable String password) {
        if (password == null || password.isEmpty() || password.length() > LoginPolicy.MAX_LENGTH) {
            throw new InvalidValueException("password", "a password is 1-" + LoginPolicy.MAX_LENGTH + " characters");
        }
        return password;
    }

    /** The refusal of a locked address, with the seconds the lockout still lasts. */
    private LoginRefusedException locked(LoginAttemptsId attempts, Instant now) {
        Instant until = lockedUntil(attempts, now);
        return new LoginRefusedException(
                Kind.LOCKED,
                until == null ? null : Math.max(1, Duration.between(now, until).toSeconds()));
    }

    private @Nullable Instant lockedUntil(LoginAttemptsId attempts, Instant now) {
        return table.attempts(attempts.value())
                .map(MemberTable.Attempts::lockedUntil)
                .filter(until -> now.isBefore(until))
                .orElse(null);
    }

    // ---- tokens ----

    public Mono<Session> refresh(String refreshToken, Origin origin) {
        return inDatabaseOfToken(refreshToken, () -> {
            MemberTable.TokenRow token = refreshRow(refreshToken);
            MemberRow member =
                    table.findById(token.member()).orElseThrow(() -> new LoginRefusedException(Kind.INVALID_TOKEN));
            Instant now = clock.instant();
            Tokens.Issued tokens = Tokens.issue(now, properties.accessTokenTtl(), properties.refreshTokenTtl());
            RefreshOutcome outcome = dispatcher.executeForAnswer(
                    new RefreshSession(
                            member.id(),
                            member.tenant(),
                            member.id().asActor(),
                            token.sessionId(),
                            Tokens.sha256(refreshToken),
                            tokens.hashes(),
                            now),
                    context(member.tenant(), member.id().asActor(), origin),
                    RefreshOutcome.class);
            if (outcome == RefreshOutcome.REUSED) {
                throw new LoginRefusedException(Kind.REFRESH_TOKEN_REUSED);
            }
            return new Session(member.id(), tokens);
        });
    }

    public Mono<MemberId> logout(String refreshToken, Origin origin) {
        return inDatabaseOfToken(refreshToken, () -> {
            MemberTable.TokenRow token = refreshRow(refreshToken);
            MemberRow member =
                    table.findById(token.member()).orElseThrow(() -> new LoginRefusedException(Kind.INVALID_TOKEN));
            dispatcher.execute(
                    new EndSession(
                            member.id(),
                            member.tenant(),
                            member.id().asActor(),
                            token.sessionId(),
                            Tokens.sha256(refreshToken)),
                    context(member.tenant(), member.id().asActor(), origin));
            return member.id();
        });
    }

    private MemberTable.TokenRow refreshRow(String refreshToken) {
        if (refreshToken == null || !refreshToken.startsWith(Tokens.REFRESH) || refreshToken.length() > 200) {
            throw new LoginRefusedException(Kind.INVALID_TOKEN);
        }
        return table.findToken(Tokens.sha256(refreshToken))
                .filter(t -> t.kind().equals("refresh") && !t.sessionRevoked())
                .orElseThrow(() -> new LoginRefusedException(Kind.INVALID_TOKEN));
    }

    // ---- passwords ----

    public Mono<MemberId> acceptInvitation(String invitationToken, String password, Origin origin) {
        return onLoginThread(() -> {
            Instant now = clock.instant();
            String digest = Tokens.sha256(invitationToken == null ? "" : invitationToken);
            DedicatedEventStores.Placed<MemberRow> found = (invitationToken == null
                            ? Optional.<DedicatedEventStores.Placed<MemberRow>>empty()
                            : placements.find(() -> table.findByInvitation(digest, now)))
                    .filter(p -> placements.belongsIn(p.tenant(), p.value().tenant()))
                    .orElseThrow(() -> new LoginRefusedException(Kind.INVALID_TOKEN));
            return found.in(() -> accept(found.value(), invitationToken, password, now, origin));
        });
    }

    private MemberId accept(MemberRow member, String invitationToken, String password, Instant now, Origin origin) {
        table.policy(member.tenant()).check("password", password, common);
        String hash = hasher.hash(password);
        dispatcher.execute(
                new AcceptInvitation(
                        member.id(),
                        member.tenant(),
                        member.id().asActor(),
                        Tokens.sha256(invitationToken),
                        hash,
                        hasher.parameters().toString(),
                        now),
                context(member.tenant(), member.id().asActor(), origin));
        return member.id();
    }

    /**
     * Changes a password given the current one (and a code when the member has a second factor): the
     * way out of an expired password, so it is checked like a login, failures and lockout included.
     */
    public Mono<MemberId> changePassword(
            String tenant,
            String email,
            String currentPassword,
            String newPassword,
            @Nullable String code,
            Origin origin) {
        return inTenant(tenant, email, currentPassword, () -> {
            Checked checked = check(tenant, email, currentPassword, code, origin);
            MemberRow member = checked.member();
            checked.policy().check("newPassword", newPassword, common);
            if (newPassword.equals(currentPassword)) {
                throw new InvalidValueException("newPassword", "the new password must differ from the current one");
            }
            spendTotpStep(checked, origin);
            Instant now = clock.instant();
            boolean expired = checked.policy().expiryDays() > 0
                    && member.passwordSetAt() != null
                    && !now.isBefore(member.passwordSetAt()
                            .plus(Duration.ofDays(checked.policy().expiryDays())));
            dispatcher.execute(
                    new ChangePassword(
                            member.id(),
                            member.tenant(),
                            member.id().asActor(),
                            hasher.hash(newPassword),
                            hasher.parameters().toString(),
                            expired ? MemberPasswordSet.EXPIRED_CHANGE : MemberPasswordSet.CHANGED,
                            now,
                            checked.recoveryCodeSha256()),
                    context(member.tenant(), member.id().asActor(), origin));
            return member.id();
        });
    }

    // ---- second factor ----

    /**
     * Starts (or restarts) a TOTP enrolment for the calling member: the secret is answered once. The
     * current password is asked again, checked like a login: an access token alone (a stolen one, say)
     * must not be able to put an authenticator of someone else's in front of the member's account.
     */
    public Mono<Enrolment> enrol(Caller caller, @Nullable String password, Origin origin) {
        return inTenant(caller.tenant(), () -> {
            MemberRow member = self(caller);
            if (member.totpEnrolled()) {
                throw new io.atrium.command.problem.InvariantViolation(
                        io.atrium.command.problem.Invariant.SECOND_FACTOR_ENROLLED);
            }
            reauthenticate(member, password, null, origin);
            String secret = Totp.newSecret();
            table.setPendingSecondFactor(member.id(), secret);
            return new Enrolment(secret, Totp.uri("Atrium (" + member.tenant().value() + ")", member.email(), secret));
        });
    }

    /** Confirms the pending enrolment with a code; answers the ten recovery codes, once. */
    public Mono<List<String>> confirm(Caller caller, String code, Origin origin) {
        return inTenant(caller.tenant(), () -> {
            MemberRow member = self(caller);
            if (member.totpPending() == null) {
                throw new io.atrium.command.problem.InvariantViolation(
                        io.atrium.command.problem.Invariant.NO_PENDING_ENROLMENT);
            }
            OptionalLong step = Totp.step(member.totpPending(), code == null ? "" : code.strip(), clock.instant());
            if (step.isEmpty()) {
                throw new InvalidValueException("code", "the code does not match the authenticator's secret");
            }
            // The code that turned the factor on does not log in a moment later.
            table.claimTotpStep(member.id(), step.getAsLong());
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < RECOVERY_CODES; i++) {
                codes.add(recoveryCode());
            }
            dispatcher.execute(
                    new ConfirmSecondFactor(
                            member.id(),
                            member.tenant(),
                            caller.actor(),
                            codes.stream().map(c -> Tokens.sha256(normalise(c))).toList()),
                    context(member.tenant(), caller.actor(), origin));
            return codes;
        });
    }

    /**
     * Checks that the calling member knows their password (and a code of their second factor, if they
     * have one) before a change to that factor: the same check as a login, so failures count toward
     * the lockout and a stolen access token cannot be used to guess the password without limit.
     */
    public Mono<MemberId> reauthenticate(
            Caller caller, @Nullable String password, @Nullable String code, Origin origin) {
        return inTenant(caller.tenant(), () -> {
            MemberRow member = self(caller);
            reauthenticate(member, password, code, origin);
            return member.id();
        });
    }

    private void reauthenticate(MemberRow member, @Nullable String password, @Nullable String code, Origin origin) {
        Checked checked = check(member.tenant().value(), member.email(), password, code, origin);
        if (!checked.member().id().equals(member.id())) {
            // The address now belongs to another member: the token's owner was removed and replaced.
            throw new LoginRefusedException(Kind.INVALID_CREDENTIALS);
        }
        spendTotpStep(checked, origin);
    }

    private static OptionalLong totpStep(MemberRow member, String code, Instant now) {
        String secret = member.totpSecret();
        return secret == null ? OptionalLong.empty() : Totp.step(secret, code.strip(), now);
    }

    private MemberRow self(Caller caller) {
        MemberId id = memberOf(caller);
        return table.findById(id)
                .filter(m -> m.tenant().equals(caller.tenant()))
                .orElseThrow(() -> new io.atrium.command.problem.UnknownResourceException("member", id.value()));
    }

    /** The member a caller is; an API key is not one. */
    public static MemberId memberOf(Caller caller) {
        if (caller.keyId() != null || !caller.actor().value().startsWith("mem-")) {
            throw new InvalidValueException(
                    "Authorization", "only a member (logged in with an access token) has a second factor");
        }
        return new MemberId(caller.actor().value());
    }

    /** Ten characters of base32 in two groups ({@code abcde-fghij}), about 50 bits each. */
    private static String recoveryCode() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                out.append('-');
            }
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String normalise(String code) {
        return code.strip().toLowerCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
    }

    // ---- plumbing ----

    private static RequestContext context(TenantId tenant, ActorId actor, Origin origin) {
        return new RequestContext(
                new Caller(actor, null, tenant, Set.of(), Set.of()),
                origin.clientAddress(),
                origin.correlationId(),
                null,
                "");
    }

    /**
     * Runs an anonymous caller's {@code work} (a login, a password change) on a login thread against
     * {@code tenantName}'s database (its own where it has one).
     *
     * <p>A tenant that does not exist, or was deleted, is refused here, before any event: otherwise
     * anyone could write login-attempt streams under tenant names they make up. The fields are checked
     * first, and the answer and the work (one hash) are those of a wrong password. That is all it
     * hides: an unknown tenant never locks and records nothing, so whether a tenant exists can still be
     * learnt (tenant ids are not secrets; members' addresses are what the login keeps to itself). A
     * suspended tenant goes on as usual: its attempts are its security log, and the tokens a login
     * there answers are refused as {@code tenant-suspended} on use, like its keys.
     */
    private <T> Mono<T> inTenant(String tenantName, String email, @Nullable String password, Callable<T> work) {
        return onLoginThread(() -> {
            TenantId tenant = validTenant(tenantName);
            Email.parse("email", email);
            String given = validPassword(password);
            if (!known(tenant)) {
                hasher.verify(given, dummyHash);
                throw new LoginRefusedException(Kind.INVALID_CREDENTIALS);
            }
            return TenantScope.in(tenant, () -> call(work));
        });
    }

    /**
     * Whether logins may be recorded under {@code tenant}: one in the tenant table and not deleted, or,
     * without a row, the platform's tenant or one placed by configuration.
     * Asked outside the tenant's scope: the tenant table is in the shared database only.
     */
    private boolean known(TenantId tenant) {
        Optional<TenantTable.TenantRow> row = tenants.find(tenant);
        if (row.isPresent()) {
            return row.get().state() != TenantState.DELETED;
        }
        return tenant.equals(TenantId.DEFAULT) || placements.tenants().contains(tenant);
    }

    private <T> Mono<T> inTenant(TenantId tenant, Callable<T> work) {
        return onLoginThread(() -> TenantScope.in(tenant, () -> call(work)));
    }

    /**
     * Runs {@code work} on a login thread against the database that holds the token's digest: a token
     * names no tenant, so the shared database is asked first, then each placed tenant's own.
     */
    private <T> Mono<T> inDatabaseOfToken(@Nullable String token, Callable<T> work) {
        return onLoginThread(() -> {
            if (token == null || placements.isEmpty()) {
                return work.call();
            }
            String digest = Tokens.sha256(token);
            return placements
                    .find(() -> table.findToken(digest))
                    .map(found -> found.in(() -> call(work)))
                    .orElseGet(() -> call(work));
        });
    }

    /** A callable's answer, its checked exceptions (none are thrown here) wrapped. */
    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> Mono<T> onLoginThread(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(
                        RejectedExecutionException.class,
                        e -> new BusyException("too many logins are waiting for a password check; retry shortly"));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}

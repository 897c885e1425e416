package io.atrium.command.member;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.events.TenantId;
import io.atrium.events.member.FailedLoginsCleared;
import io.atrium.events.member.LoginFailed;
import io.atrium.events.member.LoginLockedOut;
import io.atrium.events.member.LoginPolicySet;
import io.atrium.events.member.MemberDisabled;
import io.atrium.events.member.MemberId;
import io.atrium.events.member.MemberInvited;
import io.atrium.events.member.MemberLoggedIn;
import io.atrium.events.member.MemberLoggedOut;
import io.atrium.events.member.MemberPasswordSet;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.member.MemberTokenRefreshed;
import io.atrium.events.member.MemberUpdated;
import io.atrium.events.member.RefreshTokenReuseDetected;
import io.atrium.events.member.SecondFactorEnrolled;
import io.atrium.events.member.SecondFactorRemoved;
import io.atrium.events.role.RoleName;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The write side's tables of members, their tokens, login attempts and login policies: written by a
 * subscribing event handler inside the transaction that records the events, so they never disagree
 * with the event log, and read by authentication and the login service. A disabled member, a logout
 * or a detected refresh-token reuse stops the tokens when that transaction commits.
 */
@Component
@ProcessingGroup(MemberTable.PROCESSING_GROUP)
public class MemberTable implements MemberDirectory, Credentials {

    public static final String PROCESSING_GROUP = "member-table";

    /** What login and authentication need of a member. */
    public record MemberRow(
            MemberId id,
            TenantId tenant,
            String email,
            String displayName,
            List<String> roles,
            String status,
            @Nullable String passwordHash,
            @Nullable Instant passwordSetAt,
            @Nullable String totpSecret,
            @Nullable String totpPending,
            boolean totpEnrolled) {}

    /**
     * Whether a member of {@code tenant} who is not disabled (invited or active) holds {@code role}: such a
     * member would lose a permission without anyone deciding it, so the role is not deleted under them.
     */
    public boolean anyActiveHolder(TenantId tenant, RoleName role) {
        // The LIKE narrows; the exact check of each list decides (a role's name may be part of another's).
        List<String> lists = jdbc.queryForList(
                "SELECT roles FROM member WHERE tenant_id = ? AND status <> 'disabled' AND roles LIKE ?",
                String.class,
                tenant.value(),
                "%" + role.value() + "%");
        return lists.stream().anyMatch(list -> List.of(list.split(",")).contains(role.value()));
    }

    /** A token and the session it belongs to. */
    public record TokenRow(String kind, MemberId member, String sessionId, Instant expiresAt, boolean sessionRevoked) {}

    private static final String MEMBER_COLUMNS = "id, tenant_id, email, display_name, roles, status, password_hash, "
            + "password_set_at, totp_secret, totp_pending, totp_enrolled";

    private final JdbcTemplate jdbc;

    public MemberTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- events ----

    @EventHandler
    void on(MemberInvited e) {
        jdbc.update(
                "INSERT INTO member (id, tenant_id, email, display_name, roles, status, invitation_sha256, "
                        + "invitation_expires_at, totp_enrolled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.memberId().value(),
                e.tenantId().value(),
                e.email(),
                e.displayName(),
                String.join(",", e.roles()),
                "invited",
                e.invitationSha256(),
                Timestamp.from(e.invitationExpiresAt()),
                false);
    }

    @EventHandler
    void on(MemberPasswordSet e) {
        jdbc.update(
                "UPDATE member SET status = CASE WHEN status = 'invited' THEN 'active' ELSE status END, "
                        + "invitation_sha256 = NULL, password_set_at = ? WHERE id = ?",
                Timestamp.from(e.setAt()),
                e.memberId().value());
        if (!MemberPasswordSet.INVITATION_ACCEPTED.equals(e.reason())) {
            jdbc.update(
                    "UPDATE member_session SET revoked = ? WHERE member_id = ?",
                    true,
                    e.memberId().value());
        }
    }

    @EventHandler
    void on(MemberUpdated e) {
        jdbc.update(
                "UPDATE member SET display_name = ?, roles = ? WHERE id = ?",
                e.displayName(),
                String.join(",", e.roles()),
                e.memberId().value());
    }

    @EventHandler
    void on(MemberDisabled e) {
        jdbc.update(
                "UPDATE member SET status = 'disabled' WHERE id = ?",
                e.memberId().value());
        jdbc.update(
                "UPDATE member_session SET revoked = ? WHERE member_id = ?",
                true,
                e.memberId().value());
    }

    @EventHandler
    void on(MemberRemoved e) {
        jdbc.update("DELETE FROM member_token WHERE member_id = ?", e.memberId().value());
        jdbc.update(
                "DELETE FROM member_session WHERE member_id = ?", e.memberId().value());
        jdbc.update(
                "DELETE FROM member_recovery_code WHERE member_id = ?",
                e.memberId().value());
        jdbc.update("DELETE FROM member WHERE id = ?", e.memberId().value());
    }

    @EventHandler
    void on(MemberLoggedIn e) {
        jdbc.update(
                "INSERT INTO member_session (session_id, member_id, revoked) VALUES (?, ?, ?)",
                e.sessionId(),
                e.memberId().value(),
                false);
        token(e.accessSha256(), "access", e.memberId(), e.sessionId(), e.accessExpiresAt());
        token(e.refreshSha256(), "refresh", e.memberId(), e.sessionId(), e.refreshExpiresAt());
    }

    @EventHandler
    void on(MemberTokenRefreshed e) {
        // The old access token ends with the rotation; the old refresh token's row stays, marked spent
        // by its session's newer one, so a second use of it is recognised as reuse.
        jdbc.update("DELETE FROM member_token WHERE session_id = ? AND kind = 'access'", e.sessionId());
        token(e.accessSha256(), "access", e.memberId(), e.sessionId(), e.accessExpiresAt());
        token(e.refreshSha256(), "refresh", e.memberId(), e.sessionId(), e.refreshExpiresAt());
    }

    @EventHandler
    void on(RefreshTokenReuseDetected e) {
        revoke(e.sessionId());
    }

    @EventHandler
    void on(MemberLoggedOut e) {
        revoke(e.sessionId());
    }

    @EventHandler
    void on(SecondFactorEnrolled e) {
        jdbc.update(
                "UPDATE member SET totp_enrolled = ? WHERE id = ?",
                true,
                e.memberId().value());
    }

    @EventHandler
    void on(SecondFactorRemoved e) {
        jdbc.update(
                "UPDATE member SET totp_enrolled = ? WHERE id = ?",
                false,
                e.memberId().value());
    }

    @EventHandler
    void on(LoginFailed e) {
        upsertAttempts(
                e.attemptsId().value(),
                e.failuresInRow(),
                lockedUntil(e.attemptsId().value()));
    }

    @EventHandler
    void on(LoginLockedOut e) {
        upsertAttempts(e.attemptsId().value(), 0, e.lockedUntil());
    }

    @EventHandler
    void on(FailedLoginsCleared e) {
        upsertAttempts(e.attemptsId().value(), 0, null);
    }

    @EventHandler
    void on(LoginPolicySet e) {
        jdbc.update("DELETE FROM login_policy WHERE tenant_id = ?", e.tenantId().value());
        jdbc.update(
                "INSERT INTO login_policy (tenant_id, min_length, required_classes, reject_common, expiry_days, "
                        + "max_failed_attempts, lockout_minutes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.tenantId().value(),
                e.minLength(),
                String.join(",", e.requiredClasses()),
                e.rejectCommonPasswords(),
                e.expiryDays(),
                e.maxFailedAttempts(),
                e.lockoutMinutes());
    }

    private void token(String sha, String kind, MemberId member, String session, Instant expires) {
        jdbc.update(
                "INSERT INTO member_token (token_sha256, kind, member_id, session_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                sha,
                kind,
                member.value(),
                session,
                Timestamp.from(expires));
    }

    private void revoke(String sessionId) {
        jdbc.update("UPDATE member_session SET revoked = ? WHERE session_id = ?", true, sessionId);
    }

    private @Nullable Instant lockedUntil(String attemptsId) {
        List<Timestamp> rows =
                jdbc.queryForList("SELECT locked_until FROM login_attempts WHERE id = ?", Timestamp.class, attemptsId);
        return rows.isEmpty() || rows.get(0) == null ? null : rows.get(0).toInstant();
    }

    private void upsertAttempts(String id, int failures, @Nullable Instant lockedUntil) {
        int updated = jdbc.update(
                "UPDATE login_attempts SET failures = ?, locked_until = ? WHERE id = ?",
                failures,
                lockedUntil == null ? null : Timestamp.from(lockedUntil),
                id);
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO login_attempts (id, failures, locked_until) VALUES (?, ?, ?)",
                    id,
                    failures,
                    lockedUntil == null ? null : Timestamp.from(lockedUntil));
        }
    }

    // ---- ports the aggregates write through, in the command's transaction ----

    @Override
    public void reserveEmail(TenantId tenant, String email, MemberId member) {
        try {
            jdbc.update(
                    "INSERT INTO member_email (tenant_id, email, member_id) VALUES (?, ?, ?)",
                    tenant.value(),
                    email,
                    member.value());
        } catch (DuplicateKeyException e) {
            throw new InvariantViolation(Invariant.MEMBER_EMAIL_TAKEN, email);
        }
    }

    @Override
    public void releaseEmail(TenantId tenant, String email) {
        jdbc.update("DELETE FROM member_email WHERE tenant_id = ? AND email = ?", tenant.value(), email);
    }

    @Override
    public void setPassword(MemberId member, String passwordHash) {
        jdbc.update("UPDATE member SET password_hash = ? WHERE id = ?", passwordHash, member.value());
    }

    @Override
    public boolean activateSecondFactor(MemberId member, List<String> recoveryCodeSha256s) {
        int updated = jdbc.update(
                "UPDATE member SET totp_secret = totp_pending, totp_pending = NULL WHERE id = ? AND totp_pending IS NOT NULL",
                member.value());
        if (updated == 0) {
            return false;
        }
        jdbc.update("DELETE FROM member_recovery_code WHERE member_id = ?", member.value());
        for (String sha : recoveryCodeSha256s) {
            jdbc.update("INSERT INTO member_recovery_code (member_id, code_sha256) VALUES (?, ?)", member.value(), sha);
        }
        return true;
    }

    @Override
    public void removeSecondFactor(MemberId member) {
        jdbc.update("UPDATE member SET totp_secret = NULL, totp_pending = NULL WHERE id = ?", member.value());
        jdbc.update("DELETE FROM member_recovery_code WHERE member_id = ?", member.value());
    }

    @Override
    public int spendRecoveryCode(MemberId member, String codeSha256) {
        int deleted = jdbc.update(
                "DELETE FROM member_recovery_code WHERE member_id = ? AND code_sha256 = ?", member.value(), codeSha256);
        if (deleted == 0) {
            return -1;
        }
        Integer left = jdbc.queryForObject(
                "SELECT COUNT(*) FROM member_recovery_code WHERE member_id = ?", Integer.class, member.value());
        return left == null ? 0 : left;
    }

    // ---- reads (blocking: callers are on the login service's or the command threads) ----

    public Optional<MemberRow> findByEmail(TenantId tenant, String email) {
        return jdbc
                .query(
                        "SELECT " + MEMBER_COLUMNS + " FROM member WHERE tenant_id = ? AND email = ?",
                        (rs, n) -> row(rs),
                        tenant.value(),
                        email)
                .stream()
                .findFirst();
    }

    public Optional<MemberRow> findById(MemberId id) {
        return jdbc
                .query("SELECT " + MEMBER_COLUMNS + " FROM member WHERE id = ?", (rs, n) -> row(rs), id.value())
                .stream()
                .findFirst();
    }

    /** The invited member an invitation token belongs to, while it is valid at {@code now}. */
    public Optional<MemberRow> findByInvitation(String invitationSha256, Instant now) {
        return jdbc
                .query(
                        "SELECT " + MEMBER_COLUMNS + " FROM member WHERE invitation_sha256 = ? AND status = 'invited' "
                                + "AND invitation_expires_at > ?",
                        (rs, n) -> row(rs),
                        invitationSha256,
                        Timestamp.from(now))
                .stream()
                .findFirst();
    }

    public Optional<TokenRow> findToken(String tokenSha256) {
        return jdbc
                .query(
                        "SELECT t.kind, t.member_id, t.session_id, t.expires_at, s.revoked FROM member_token t "
                                + "JOIN member_session s ON s.session_id = t.session_id WHERE t.token_sha256 = ?",
                        (rs, n) -> new TokenRow(
                                rs.getString(1),
                                new MemberId(rs.getString(2)),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getBoolean(5)),
                        tokenSha256)
                .stream()
                .findFirst();
    }

    public boolean hasRecoveryCode(MemberId member, String codeSha256) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM member_recovery_code WHERE member_id = ? AND code_sha256 = ?",
                Integer.class,
                member.value(),
                codeSha256);
        return n != null && n > 0;
    }

    /**
     * Takes TOTP time step {@code step} for the member; false when it, or a later one, was used already
     * (a code replayed inside its window). One conditional update, so two logins racing with the same
     * code cannot both have it.
     */
    public boolean claimTotpStep(MemberId member, long step) {
        return jdbc.update(
                        "UPDATE member SET totp_last_step = ? WHERE id = ? "
                                + "AND (totp_last_step IS NULL OR totp_last_step < ?)",
                        step,
                        member.value(),
                        step)
                == 1;
    }

    /** Keeps a TOTP secret waiting for its first code (an enrolment not yet confirmed records nothing). */
    public void setPendingSecondFactor(MemberId member, String secret) {
        jdbc.update("UPDATE member SET totp_pending = ? WHERE id = ?", secret, member.value());
    }

    /** A stronger hash of the same password after a login (parameters raised): no event, nothing else changes. */
    public void rehash(MemberId member, String oldHash, String newHash) {
        jdbc.update(
                "UPDATE member SET password_hash = ? WHERE id = ? AND password_hash = ?",
                newHash,
                member.value(),
                oldHash);
    }

    /** Failures in a row and lockout of an address's attempts; none when there were no failures. */
    public record Attempts(int failures, @Nullable Instant lockedUntil) {}

    public Optional<Attempts> attempts(String attemptsId) {
        return jdbc
                .query(
                        "SELECT failures, locked_until FROM login_attempts WHERE id = ?",
                        (rs, n) -> new Attempts(
                                rs.getInt(1),
                                rs.getTimestamp(2) == null
                                        ? null
                                        : rs.getTimestamp(2).toInstant()),
                        attemptsId)
                .stream()
                .findFirst();
    }

    public LoginPolicy policy(TenantId tenant) {
        return jdbc
                .query(
                        "SELECT min_length, required_classes, reject_common, expiry_days, max_failed_attempts, "
                                + "lockout_minutes FROM login_policy WHERE tenant_id = ?",
                        (rs, n) -> new LoginPolicy(
                                rs.getInt(1),
                                Arrays.stream(rs.getString(2).split(","))
                                        .filter(s -> !s.isEmpty())
                                        .toList(),
                                rs.getBoolean(3),
                                rs.getInt(4),
                                rs.getInt(5),
                                rs.getInt(6)),
                        tenant.value())
                .stream()
                .findFirst()
                .orElse(LoginPolicy.DEFAULT);
    }

    private static MemberRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp setAt = rs.getTimestamp(8);
        return new MemberRow(
                new MemberId(rs.getString(1)),
                new TenantId(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                Arrays.stream(rs.getString(5).split(","))
                        .filter(s -> !s.isEmpty())
                        .toList(),
                rs.getString(6),
                rs.getString(7),
                setAt == null ? null : setAt.toInstant(),
                rs.getString(9),
                rs.getString(10),
                rs.getBoolean(11));
    }
}

package io.atrium.command.member;

import io.atrium.events.member.MemberId;
import java.util.List;

/**
 * Where a member's secrets are kept: the password hash, the TOTP secret and the recovery codes'
 * hashes. They are not in the events (the operation log is readable by auditors and exported), so the
 * aggregate writes them through this port inside the command's transaction, beside its events.
 */
public interface Credentials {

    void setPassword(MemberId member, String passwordHash);

    /**
     * Makes the pending TOTP secret the member's, with these recovery codes.
     *
     * @return false when there was no pending secret
     */
    boolean activateSecondFactor(MemberId member, List<String> recoveryCodeSha256s);

    void removeSecondFactor(MemberId member);

    /** Spends a recovery code; the number left, or -1 when the code was not (or no longer) valid. */
    int spendRecoveryCode(MemberId member, String codeSha256);
}

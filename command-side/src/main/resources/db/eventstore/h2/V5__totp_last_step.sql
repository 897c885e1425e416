-- The last TOTP time step a member's code was accepted for: a code is good once, not for the
-- whole window around it (RFC 6238, section 5.2).
ALTER TABLE member ADD COLUMN totp_last_step BIGINT;

-- Until when a host app's previous secret generation (secret_generation - 1) is still accepted after a
-- rotation; NULL when it is not (no grace, or rotations recorded before grace periods existed).
ALTER TABLE host_app ADD COLUMN previous_secret_valid_until DATETIME(6);

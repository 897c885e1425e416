-- The reviewers' queue reads the versions in one state across a tenant's mini-programs; without this
-- it reads every version row.
CREATE INDEX ix_mini_program_version_state ON mini_program_version (state, uploaded_at);

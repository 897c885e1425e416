-- A mini-program's icon, as JSON {digest, mediaType, bytes, width, height}; null: it has none. The
-- image itself is a blob of the package store under its digest.
ALTER TABLE mini_program ADD COLUMN icon VARCHAR(400);

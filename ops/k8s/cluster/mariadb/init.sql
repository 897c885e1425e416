-- Run once, by the image's entrypoint, on an empty data directory (after it created the user
-- MARIADB_USER). Atrium needs both databases to exist, in utf8mb4 with binary collation.
CREATE DATABASE IF NOT EXISTS atrium_events CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS atrium_read CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON atrium_events.* TO 'atrium'@'%';
GRANT ALL PRIVILEGES ON atrium_read.* TO 'atrium'@'%';

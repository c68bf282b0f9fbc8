-- Runs once, when the PostgreSQL data volume is first initialised (docker-entrypoint-initdb.d).
-- Each app owns its database; the apps create their tables through their own migrations.
CREATE DATABASE hub;
CREATE DATABASE psb_adapter;
CREATE DATABASE linkage;

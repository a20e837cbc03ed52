-- Listening Post's database and its two roles (docs/deploy.md, "Database"). As a superuser:
--   psql -v ON_ERROR_STOP=1 -v owner_password="…" -v app_password="…" -f postgresql-roles.sql
-- listening_post_owner owns the tables and runs the migrations, the nightly pg_dump and the
-- quarterly restore test; listening_post, which the web hosts and cron jobs use, may only read
-- and write rows. Tables that later migrations add get the same grants (ALTER DEFAULT
-- PRIVILEGES), as long as the owner makes them.
CREATE ROLE listening_post_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE listening_post LOGIN PASSWORD :'app_password';
CREATE DATABASE listening_post OWNER listening_post_owner ENCODING 'UTF8' TEMPLATE template0;

\connect listening_post
REVOKE ALL ON DATABASE listening_post FROM PUBLIC;
GRANT CONNECT ON DATABASE listening_post TO listening_post;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO listening_post;
ALTER DEFAULT PRIVILEGES FOR ROLE listening_post_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO listening_post;
ALTER DEFAULT PRIVILEGES FOR ROLE listening_post_owner IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO listening_post;

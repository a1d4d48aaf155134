#!/usr/bin/env bash
# Parcelstream database setup: the `parcelstream` database, one LOGIN role and one schema per service, each role
# allowed only its own schema. Mirrors tools/db/database-setup.cjs (keep the two in step) and is idempotent: safe
# to run again and again; it also re-applies the role passwords.
#
# Where it runs:
#   1. by the postgres image on the first start of an empty data directory (mounted at /docker-entrypoint-initdb.d;
#      connects over the local socket as $POSTGRES_USER);
#   2. by the `postgres-setup` one-shot in docker-compose.yml on every `up` (PGHOST=postgres, PGUSER, PGPASSWORD);
#   3. by hand against any PostgreSQL >= 15 as a superuser, e.g. a managed production database:
#        PGHOST=… PGUSER=… PGPASSWORD=… REQUIRE_ROLE_PASSWORDS=true ORDERS_SVC_PASSWORD=… … \
#          bash docker/postgres/init/10-parcelstream-roles.sh
#
# Environment:
#   DATABASE_NAME           database to create/use (default parcelstream)
#   <ROLE>_PASSWORD         e.g. ORDERS_SVC_PASSWORD; default `<role>_dev` (development only)
#   REQUIRE_ROLE_PASSWORDS  `true`: refuse the development defaults (production)
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  standard libpq connection settings (admin / superuser)
# Needs psql >= 15 (\getenv keeps passwords off the command line).

run_setup() {
  set -euo pipefail

  local database="${DATABASE_NAME:-parcelstream}"
  local admin_user="${PGUSER:-${POSTGRES_USER:-postgres}}"
  # service:schema:role — keep in step with tools/db/services.cjs
  local services=(
    "order-service:orders:orders_svc"
    "shipment-service:shipments:shipments_svc"
    "carrier-sync-service:carrier_sync:carrier_sync_svc"
    "tracking-service:tracking:tracking_svc"
  )

  if [[ ! "${database}" =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "parcelstream-setup: unsafe database name '${database}'" >&2
    return 1
  fi

  psql_admin() {
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${admin_user}" "$@"
  }

  # CREATE DATABASE cannot run inside a DO block or a transaction: \gexec it when missing.
  psql_admin --dbname postgres --set=db="${database}" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

  # nobody but the owner gets anything by default
  psql_admin --dbname "${database}" --set=db="${database}" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL

  local entry service schema role password_var password
  for entry in "${services[@]}"; do
    IFS=: read -r service schema role <<<"${entry}"
    password_var="${role^^}_PASSWORD"
    password="${!password_var:-}"
    if [[ -z "${password}" ]]; then
      if [[ "${REQUIRE_ROLE_PASSWORDS:-false}" == "true" ]]; then
        echo "parcelstream-setup: ${password_var} is not set (REQUIRE_ROLE_PASSWORDS=true)" >&2
        return 1
      fi
      password="${role}_dev"
    fi
    PARCELSTREAM_ROLE_PASSWORD="${password}" psql_admin --dbname "${database}" \
      --set=db="${database}" --set=schema="${schema}" --set=role="${role}" <<'SQL'
\getenv pw PARCELSTREAM_ROLE_PASSWORD
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
ALTER ROLE :"role" SET search_path = :"schema";
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"role";
ALTER SCHEMA :"schema" OWNER TO :"role";
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;
SQL
    echo "parcelstream-setup: ${service}: role ${role} owns schema ${database}.${schema}"
  done
}

# A subshell keeps `set -euo pipefail` from leaking when the postgres entrypoint sources (rather than runs) this file.
( run_setup )

# Sourced by scripts/run and scripts/test: the service and the tests reach the local stack
# through the same variables scripts/stack uses (dev-only defaults). An explicit DATABASE_URL or
# MONGODB_URL (or FERRETDB_POSTGRESQL_URL) wins.
: "${DATABASE_URL:=postgresql://${P2P_PG_USER:-p2p_user}:${P2P_PG_PASSWORD:-iiot123}@127.0.0.1:${P2P_PG_PORT:-5432}/${P2P_PG_DB:-p2p_sandbox}}"
: "${MONGODB_URL:=mongodb://${P2P_MONGO_USER:-p2p_user}:${P2P_MONGO_PASSWORD:-iiot123}@127.0.0.1:${P2P_MONGO_PORT:-27017}/${P2P_MONGO_DB:-p2p_sandbox}}"
export DATABASE_URL MONGODB_URL
# The local PgBouncer (transaction mode) in front of the same database, for the tests and tools
# that go through it.
: "${P2P_PGBOUNCER_URL:=postgresql://${P2P_PG_USER:-p2p_user}:${P2P_PG_PASSWORD:-iiot123}@127.0.0.1:${P2P_PGBOUNCER_PORT:-6432}/${P2P_PG_DB:-p2p_sandbox}}"
export P2P_PGBOUNCER_URL
# The PostgreSQL the local FerretDB stores in (scripts/stack's second cluster): migrations add the
# GIN indexes its tables need (storage/ferretdb/ferretdb_accelerators.hpp). Never the application's.
: "${FERRETDB_POSTGRESQL_URL:=postgresql://${P2P_FERRETDB_PG_USER:-ferretdb}:${P2P_FERRETDB_PG_PASSWORD:-iiot123}@127.0.0.1:${P2P_FERRETDB_PG_PORT:-5433}/${P2P_FERRETDB_PG_DB:-ferretdb}}"
export FERRETDB_POSTGRESQL_URL

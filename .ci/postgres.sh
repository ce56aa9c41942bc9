# Installs PostgreSQL from the distribution when missing and starts a throwaway cluster on loopback.
# Sourced by .ci/run; exports HELPAGENCY_TEST_POSTGRES (a superuser) for the tests that run on PostgreSQL, and
# HELPAGENCY_TEST_POSTGRES_OWNER / HELPAGENCY_TEST_POSTGRES_APP: the roles a deployment splits migrations and the host
# between (the owner creates schemas, the host's role gets only what the migrations grant it), neither a superuser.

start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "Installing PostgreSQL from the distribution's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
  local bin port data
  bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
  port=${HELPAGENCY_PG_PORT:-54329}
  data=$(mktemp -d /tmp/helpagency-pg.XXXXXX)
  chown postgres "$data"
  su postgres -s /bin/sh -c "$bin/initdb -D $data -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $data -l $data/server.log -o '-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=off' -w start" >/dev/null
  trap "su postgres -s /bin/sh -c '$bin/pg_ctl -D $data -m fast stop' >/dev/null 2>&1 || true" EXIT
  export HELPAGENCY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE helpagency_owner LOGIN NOSUPERUSER" \
    -c "CREATE ROLE helpagency_app LOGIN NOSUPERUSER" \
    -c "GRANT CREATE ON DATABASE postgres TO helpagency_owner" >/dev/null
  export HELPAGENCY_TEST_POSTGRES_OWNER="Host=127.0.0.1;Port=$port;Username=helpagency_owner;Database=postgres"
  export HELPAGENCY_TEST_POSTGRES_APP="Host=127.0.0.1;Port=$port;Username=helpagency_app;Database=postgres"
  echo "PostgreSQL $($bin/postgres --version | awk '{print $3}') on 127.0.0.1:$port"
}

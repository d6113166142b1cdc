#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmarks, in a temporary directory.
#   eval "$(scripts/postgres.sh start)"   installs Debian's postgresql if missing, creates and starts a cluster on
#                                         127.0.0.1 (a free port, its socket in the directory), creates the database
#                                         matching_test, and prints the two exports below
#   scripts/postgres.sh url               the connection string (Npgsql's format)
#   scripts/postgres.sh pause | resume    stops / starts the server, keeping its data (the tests' database-down case)
#   scripts/postgres.sh freeze | thaw     SIGSTOP / SIGCONT the server's processes: a hung host that still accepts TCP connections
#   scripts/postgres.sh stop              stops the server and removes the directory
# The cluster is found through MATCHING_TEST_POSTGRES (its directory); MATCHING_TEST_DATABASE is the connection string.
# PostgreSQL refuses to run as root: invoked as root, the cluster runs as the postgres user the package creates.
set -euo pipefail

command="${1:-}"
dir="${MATCHING_TEST_POSTGRES:-}"

as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$found" ]] && echo "$found"
}

install_if_missing() {
  if bin_dir >/dev/null; then
    return
  fi

  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing postgresql from Debian's packages..." >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "No free port found." >&2
  exit 1
}

require_dir() {
  if [[ -z "$dir" || ! -f "$dir/port" ]]; then
    echo "No cluster: set MATCHING_TEST_POSTGRES to the directory 'start' printed." >&2
    exit 1
  fi
}

url() {
  echo "Host=127.0.0.1;Port=$(cat "$dir/port");Username=matching;Password=$(cat "$dir/password");Database=matching_test"
}

# SIGSTOP or SIGCONT to the postmaster and its children: stopped first, so that it forks no child the list would miss.
signal_cluster() {
  local postmaster children
  postmaster="$(head -n 1 "$dir/data/postmaster.pid")"
  if [[ "$1" == STOP ]]; then kill -STOP "$postmaster"; fi
  children="$(cat /proc/"$postmaster"/task/*/children)"
  if [[ -n "$children" ]]; then
    # shellcheck disable=SC2086 # one argument per process id
    kill "-$1" $children
  fi
  if [[ "$1" == CONT ]]; then kill -CONT "$postmaster"; fi
}

start_server() {
  as_owner "$(cat "$dir/bin")/pg_ctl" start --silent --wait --timeout=60 -D "$dir/data" -l "$dir/server.log" \
    -o "-p $(cat "$dir/port") -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
}

case "$command" in
  start)
    install_if_missing
    dir="$(mktemp -d /tmp/matching-postgres.XXXXXX)"
    bin_dir >"$dir/bin"
    free_port >"$dir/port"
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$dir/password"
    if [[ "$(id -u)" -eq 0 ]]; then chown -R postgres: "$dir"; fi
    chmod 700 "$dir"
    # Passwords over TCP; the socket (in this directory, which only the owner can enter) trusts its owner.
    as_owner "$(cat "$dir/bin")/initdb" --pgdata="$dir/data" --username=matching --pwfile="$dir/password" \
      --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # One port per start: if another process took it meanwhile, the start fails and says so in server.log.
    start_server || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$(cat "$dir/bin")/createdb" -h "$dir" -p "$(cat "$dir/port")" -U matching matching_test
    echo "export MATCHING_TEST_POSTGRES='$dir'"
    echo "export MATCHING_TEST_DATABASE='$(url)'"
    ;;
  url)
    require_dir
    url
    ;;
  pause)
    require_dir
    as_owner "$(cat "$dir/bin")/pg_ctl" stop --silent --wait -m fast -D "$dir/data" >&2
    ;;
  resume)
    require_dir
    start_server
    ;;
  freeze)
    require_dir
    signal_cluster STOP
    ;;
  thaw)
    require_dir
    signal_cluster CONT
    ;;
  stop)
    if [[ -n "$dir" && -d "$dir" ]]; then
      if [[ -f "$dir/data/postmaster.pid" ]]; then
        signal_cluster CONT || true
        as_owner "$(cat "$dir/bin")/pg_ctl" stop --silent --wait -m immediate -D "$dir/data" >&2 || true
      fi
      rm -rf "$dir"
    fi
    ;;
  *)
    echo "usage: scripts/postgres.sh start | url | pause | resume | freeze | thaw | stop" >&2
    exit 2
    ;;
esac

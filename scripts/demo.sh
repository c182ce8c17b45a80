#!/usr/bin/env bash
# The jheartbeat demo: builds the distribution, then checks the reference setup's configuration (etc/) the
# way the agent reads it at start-up, first as the project ships it, then as the 2008 howto wrote it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "Java 17 and Maven are needed: run as root to install them" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven >/dev/null
fi

step "Building jheartbeat (mvn package, tests skipped: scripts/test.sh runs them)"
mvn -B -q -ntp package -DskipTests
hbctl=packaging/target/jheartbeat/bin/hbctl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/ha.d"
cp etc/ha.d/ha.cf etc/ha.d/haresources etc/ha.d/authkeys "$work/ha.d/"
chmod 600 "$work/ha.d/authkeys"   # git does not keep modes; jheartbeat, like heartbeat, insists on 600

step "hbctl config check: the reference setup as etc/ha.d ships it, checked as node MASTER"
echo "\$ hbctl config check --config-dir $work/ha.d --node MASTER"
"$hbctl" config check --config-dir "$work/ha.d" --node MASTER --settings etc/jheartbeat/jheartbeat.conf \
    && echo "(exit 0: the agent would start)" \
    || echo "(exit $?: the agent would refuse to start on this machine; the lines above say why)"

step "The same files as the 2008 howto wrote them (preferred node 'server1', no such node in ha.cf)"
sed -i 's/^MASTER /server1 /' "$work/ha.d/haresources"
echo "\$ hbctl config check --config-dir $work/ha.d --node MASTER"
"$hbctl" config check --config-dir "$work/ha.d" --node MASTER --settings etc/jheartbeat/jheartbeat.conf \
    || echo "(exit $?: refused, with the file, line and reason)"

#!/usr/bin/env bash
# Runs every jheartbeat test. On a fresh Debian 12 run it as root: it first installs what the tests need
# (the tests that build network namespaces, loop devices and mounts need root, and skip without it).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    openjdk-17-jdk-headless maven          # build
    iproute2 arping psmisc procps util-linux e2fsprogs kmod   # tools the resources drive
    resource-agents                        # real OCF agents for the script-resource tests
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: ${missing[*]} (run this script as root to install them)" >&2
        exit 1
    fi
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec mvn -B -ntp verify "$@"

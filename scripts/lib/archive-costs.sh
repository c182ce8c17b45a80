#!/usr/bin/env bash
# What each library costs in the agent's class-data sharing archive (bin/java-client), which holds every class the
# agent loads: the archive is dumped from the agent's class list once whole and once more without each library's
# classes and the lambda classes they spin, through the agent's own launcher, and the difference in size printed.
# A lower bound: the JDK classes a library alone needs stay in the archive, and a library's superclasses that other
# classes need are dumped anyway.
#
#   archive-costs.sh DIST    # DIST: the distribution directory (packaging/target/jheartbeat, with bin and lib)
set -euo pipefail
dist=$1
list=$dist/lib/agent.classlist
work=$(mktemp -d "${TMPDIR:-/tmp}/jheartbeat-archive.XXXXXX")
trap 'rm -rf "$work"' EXIT

# NAME:PATTERN, PATTERN an extended regular expression over the class names of the list (slashes, no .class).
libraries=(
    "JGroups:org/jgroups"
    "jheartbeat's own:org/jheartbeat"
    "Guava:com/google/common|com/google/thirdparty"
    "Guice, aopalliance, jakarta.inject:com/google/inject|org/aopalliance|jakarta/inject"
    "jackson-core and jackson-jr:com/fasterxml/jackson"
    "picocli:picocli"
    "typesafe-config:com/typesafe/config"
    "Logback:ch/qos/logback"
    "JNA:com/sun/jna"
    "SLF4J:org/slf4j"
    "Dropwizard Metrics:com/codahale/metrics"
)

# Dumps an archive from class list $1 as the launcher dumps the agent's, prints its size in bytes.
dump() {
    if ! JHEARTBEAT_JAVA_OPTS="-Xshare:dump -XX:SharedClassListFile=$1 -XX:SharedArchiveFile=$work/archive.jsa" \
            timeout 120 "$dist/bin/jheartbeat" >"$work/dump.log" 2>&1; then
        echo "dumping the archive from $1 failed:" >&2
        cat "$work/dump.log" >&2
        exit 1
    fi
    stat -c %s "$work/archive.jsa"
    rm -f "$work/archive.jsa"
}

whole=$(dump "$list")
echo "| library | classes (lambda classes) | archive MiB |"
echo "|---|---|---|"
for library in "${libraries[@]}"; do
    pattern="^(${library#*:})"
    # A lambda class is listed as '@lambda-proxy CALLER ...': it belongs to its caller's library.
    awk -v pattern="$pattern" '{ name = ($1 == "@lambda-proxy") ? $2 : $1 } name !~ pattern' "$list" >"$work/without"
    classes=$(awk -v pattern="$pattern" '$1 !~ /^[@#]/ && $1 ~ pattern' "$list" | wc -l)
    lambdas=$(awk -v pattern="$pattern" '$1 == "@lambda-proxy" && $2 ~ pattern' "$list" | wc -l)
    without=$(dump "$work/without")
    awk -v name="${library%%:*}" -v classes="$classes" -v lambdas="$lambdas" -v whole="$whole" -v without="$without" \
        'BEGIN { printf "| %s | %d (%d) | %.2f |\n", name, classes + lambdas, lambdas, (whole - without) / 1048576 }'
done
awk -v whole="$whole" 'BEGIN { printf "\nthe whole archive: %.2f MiB\n", whole / 1048576 }'

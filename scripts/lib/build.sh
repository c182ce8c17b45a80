# Sourced by the scripts that run e2e's programs against the distribution (demo.sh, benchmark.sh, fault-lab.sh).

# build_distribution: what those programs run, e2e's classes and libraries and the distribution packaging assembles
# (packaging/target/jheartbeat), without the .deb and its lintian check. Skipped when the last such build is newer
# than every pom and source file; offline unless the local Maven repository lacks something.
build_distribution() {
    local stamp=e2e/target/distribution-built log
    if [ -f "$stamp" ] && [ -d e2e/target/lib ] && [ -d packaging/target/jheartbeat/lib ] \
            && [ -z "$(find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -print -quit)" ]; then
        echo "reusing the build of $(date -r "$stamp" '+%F %T'): no pom or source changed since"
        return 0
    fi
    local build=(mvn -B -q -ntp package -DskipTests -Dlintian.skip=true -Djdeb.skip=true -pl e2e -am)
    mkdir -p e2e/target
    # Stamped with the time the build started: a file changed while it ran is newer, so the next run builds again.
    touch "$stamp.next"
    log=$(mktemp)
    if ! "${build[@]}" -o >"$log" 2>&1; then
        if ! grep -q "offline mode" "$log"; then
            cat "$log" >&2
            rm -f "$log"
            return 1
        fi
        echo "building online: the local Maven repository lacks what the build needs"
        "${build[@]}" || { rm -f "$log"; return 1; }
    fi
    rm -f "$log"
    mv "$stamp.next" "$stamp"
}

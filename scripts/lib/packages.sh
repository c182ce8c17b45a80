# Sourced by the scripts that need Debian packages (scripts/test.sh, demo.sh, benchmark.sh, fault-lab.sh,
# vmtest/install-host-packages.sh); each keeps its own list, with why each package is there.

# install_missing PACKAGE...: installs those of the packages that are not installed yet, without their recommends
# (heartbeat's pull packages bookworm-security cannot authenticate on a bare machine). Only root can: another user
# is told what is missing, and the call fails.
install_missing() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: ${missing[*]} (run this script as root to install them)" >&2
        return 1
    fi
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

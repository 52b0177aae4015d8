# Installs Debian packages that are missing, with apt-get (as root, or through sudo): the test scripts' one way
# of getting what a fresh machine lacks. Source it, then: install_packages WHO PACKAGE...
install_packages() {
    local who=$1
    shift
    (($#)) || return 0
    local sudo=""
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null \
            || { echo "$who: $* missing and there is no sudo to install them" >&2; return 1; }
        sudo="sudo"
    fi
    echo "$who: installing $* (apt-get)" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

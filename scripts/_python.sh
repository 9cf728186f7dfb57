# Shared by scripts/demo and scripts/test (sourced, not run): find Python >= 3.12 and prepare .venv.
#
# Django 6.1 needs Python 3.12 or later. `python3` may be older (a pyenv shim giving 3.11 here), and a pyenv
# shim for a version that is installed but not selected fails when called, so every candidate is checked by
# running it. Set PYTHON=/path/to/python3.x to choose the interpreter yourself.

REQUIRED_PYTHON="3.12"
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="$PROJECT_DIR/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mAttention : %s\033[0m\n' "$*" >&2; }
die() {
    printf '\033[31mErreur : %s\033[0m\n' "$*" >&2
    exit 1
}

# True when "$1" runs and is Python >= 3.12 with venv and ensurepip (Debian splits them into python3.x-venv).
python_is_suitable() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

python_candidates() {
    [ -n "${PYTHON:-}" ] && echo "$PYTHON"
    local name
    for name in python3.14 python3.13 python3.12; do
        command -v "$name" 2>/dev/null || true
    done
    local root
    if root="$(pyenv root 2>/dev/null)" || root="${PYENV_ROOT:-$HOME/.pyenv}"; then
        # newest first: 3.14.x, 3.13.x, 3.12.x
        ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV | sed 's|$|/bin/python3|'
    fi
    ls /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9] 2>/dev/null || true
    command -v python3 2>/dev/null || true
    command -v python 2>/dev/null || true
}

find_python() {
    local candidate
    while IFS= read -r candidate; do
        [ -n "$candidate" ] || continue
        if python_is_suitable "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done < <(python_candidates)
    return 1
}

# Debian's system Python 3.13 lacks venv until python3.13-venv is installed: do it when we may.
install_debian_venv_package() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    local python
    for python in /usr/bin/python3.1[2-9]; do
        [ -x "$python" ] || continue
        local version="${python#/usr/bin/python}"
        say "Installation de python$version-venv (Debian)"
        apt-get install -y -qq "python$version-venv" >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "python$version-venv" >/dev/null 2>&1; } ||
            continue
        return 0
    done
    return 1
}

venv_is_usable() {
    [ -x "$VENV_DIR/bin/python" ] &&
        "$VENV_DIR/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# Create .venv when missing (or unusable, e.g. copied from another machine) and install the project with
# its dev extras when pyproject.toml changed since the last install.
ensure_venv() {
    if ! venv_is_usable; then
        local python
        python="$(find_python)" || { install_debian_venv_package && python="$(find_python)"; } ||
            die "Python $REQUIRED_PYTHON ou plus récent est nécessaire (Django 6.1), introuvable ici.
Installez-le (Debian : apt-get install python3.13 python3.13-venv ; pyenv : pyenv install 3.12)
ou indiquez-le : PYTHON=/chemin/vers/python3.12 $0"
        say "Création de l'environnement virtuel avec $python ($("$python" --version 2>&1))"
        rm -rf "$VENV_DIR"
        "$python" -m venv "$VENV_DIR" || die "échec de la création de $VENV_DIR"
    fi
    local stamp="$VENV_DIR/.installed-$(cksum <"$PROJECT_DIR/pyproject.toml" | cut -d' ' -f1)"
    if [ ! -e "$stamp" ]; then
        say "Installation des dépendances (pip install -e '.[dev]')"
        # (the grep hides pip's notes about this machine's local package mirrors, not about the project)
        "$VENV_DIR/bin/python" -m pip install --quiet -e "$PROJECT_DIR[dev]" \
            2> >(grep -v "^WARNING: Location 'file:" >&2) || die "échec de l'installation des dépendances"
        rm -f "$VENV_DIR"/.installed-*
        touch "$stamp"
    fi
}

# axe-core for the browser tests' accessibility checks (tests/e2e/package.json). Offline or without npm the
# tests that need it are skipped, with the reason; nothing else depends on it.
ensure_axe() {
    local axe="$PROJECT_DIR/tests/e2e/node_modules/axe-core/axe.min.js"
    [ -f "$axe" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        warn "npm absent : les contrôles axe-core des tests navigateur seront sautés"
        return 0
    fi
    say "npm install (axe-core, tests navigateur)"
    (cd "$PROJECT_DIR/tests/e2e" && timeout 120 npm install --no-audit --no-fund --silent) ||
        warn "axe-core non installé (registre npm injoignable ?) : ses contrôles seront sautés"
}

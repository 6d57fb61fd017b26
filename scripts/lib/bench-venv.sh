# Sourced by the benchmarks in scripts/bench.d. `bench_venv "import a, b" PACKAGE...` makes sure the
# shared benchmark venv (.bench/venv) exists and can run the import, installing the packages when it
# cannot: benchmarks share the venv, so each one checks for its own packages, not only for the venv.
# Prints the venv's python.
bench_venv() {
    local check="$1"
    shift
    local venv=".bench/venv"
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet --upgrade pip >&2
    fi
    if ! "$venv/bin/python" -c "$check" 2>/dev/null; then
        echo "== installing $* into $venv" >&2
        "$venv/bin/pip" install --quiet "$@" >&2
    fi
    echo "$venv/bin/python"
}

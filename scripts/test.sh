#!/usr/bin/env bash
# The whole test suite: system packages, lint, translations, pytest on SQLite and on a real
# PostgreSQL started here, then the browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "system packages"
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/pdftotext ] || need+=(poppler-utils)  # tests/reports: text of the council PDF
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" > /dev/null
fi

step "python environment"
scripts/setup-venv.sh test

step "lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "translations"
.venv/bin/python scripts/i18n.py check

step "standalone checkout: git archive HEAD into an empty folder, db upgrade + seed-demo there"
# What a city's IT department gets from a clone: only committed files, default settings (no
# PARTICIPATION_* variables), a fresh SQLite in the copy's instance/. The interpreter and the
# installed libraries come from .venv, the code from the copy (PYTHONPATH beats the editable
# install; checked below).
python_bin="$PWD/.venv/bin/python"
copy=$(mktemp -d)
if git rev-parse --verify -q HEAD > /dev/null; then
  git archive HEAD | tar -x -C "$copy"
else  # an unpacked release instead of a clone: the tree itself is what would be shipped
  echo "not a git checkout: copying the working tree instead"
  tar --exclude=./.venv --exclude=./instance -cf - . | tar -x -C "$copy"
fi
(
  cd "$copy"
  for name in $(compgen -e | grep '^PARTICIPATION_' || true); do unset "$name"; done
  export PYTHONPATH="$copy" FLASK_APP=wsgi
  "$python_bin" -c 'import sys, config, participation
for mod in (config, participation):
    assert mod.__file__.startswith(sys.argv[1] + "/"), f"imported outside the copy: {mod.__file__}"
' "$copy"
  "$python_bin" scripts/i18n.py compile > /dev/null
  "$python_bin" -m flask db upgrade
  "$python_bin" -m flask seed-demo > "$copy/seed.log"
  "$python_bin" -c 'import sys
from sqlalchemy import func, select
from participation import create_app
from participation.areas.models import Area
from participation.processes.models import Process
with create_app().app_context():
    from participation.extensions import db
    areas = db.session.scalar(select(func.count()).select_from(Area))
    demo = db.session.scalar(select(Process).where(Process.slug == "spielplatz-koernerpark"))
    assert areas == 657 and demo is not None, (areas, demo)
    print(f"standalone copy: {areas} areas, demo process {demo.slug!r} seeded")
'
  test -f "$copy/instance/participation.db"
)
rm -rf "$copy"

# pytest-xdist: one worker per core (each builds its own templates, names carry its pid);
# PYTEST_WORKERS=0 runs serially. Tests are handed out one at a time (--maxschedchunk 1), the
# longest first (LONGEST_FIRST in tests/suite_order.py), so no long test ends the run alone.
workers="${PYTEST_WORKERS:-auto}"
xdist=(-n "$workers")
[ "$workers" = 0 ] || xdist+=(--dist load --maxschedchunk 1)
step "pytest on SQLite"
.venv/bin/pytest -q -p no:cacheprovider -m "not browser" "${xdist[@]}" --durations=15

step "pytest on PostgreSQL"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# The throwaway server's files in memory (tmpfs) when there is room (>= 1 GiB free; it needs a
# few hundred MB): every test gets its own database by CREATE DATABASE … TEMPLATE, about 900
# files created and unlinked again per test. On ext4 that file creation cost ~0.4-1.4 s and
# ~0.5 s of server CPU per test (strace: openat O_CREAT 0.3-5 ms each); on tmpfs 12-30 ms.
# Nothing on this server outlives the step (fsync is off anyway).
pgparent="${TMPDIR:-/tmp}"
shm_free_kb=$(df -Pk /dev/shm 2> /dev/null | awk 'NR == 2 { print $4 }' || true)
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "${shm_free_kb:-0}" -ge 1048576 ]; then
  pgparent=/dev/shm
fi
pgdir=$(mktemp -d -p "$pgparent")
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdir"; as_pg=(runuser -u postgres --); fi
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop > /dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap stop_pg EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --no-sync > /dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" > /dev/null
PARTICIPATION_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres" \
  .venv/bin/pytest -q -p no:cacheprovider -m "not browser" "${xdist[@]}" --durations=15
stop_pg; trap - EXIT

# The browser tests on the same workers: each has its own live server (demo data seeded once per
# worker) and its own Chromium; the four axe sweeps go two to each worker.
step "browser tests (Chromium)"
.venv/bin/pytest -q -p no:cacheprovider -m browser "${xdist[@]}" --durations=10 tests/browser

step "done"

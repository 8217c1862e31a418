#!/usr/bin/env bash
# Run the app on the embedded default: SQLite in instance/, demo data, http://127.0.0.1:5000.
# Also starts the scheduler (mail delivery and other jobs) and stops it with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask seed-demo            # loads the demo data once; later runs keep your data
.venv/bin/flask scheduler run > instance/scheduler.log 2>&1 &
scheduler=$!
trap 'kill $scheduler 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://127.0.0.1:5000 (demo logins in README.md; Ctrl+C stops)"
.venv/bin/flask run --host 127.0.0.1 --port "${PORT:-5000}"

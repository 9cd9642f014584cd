#!/usr/bin/env bash
# Proves that a backup restores whole: loads the demo into a new database, puts a file in every file
# storage, backs up (`tamnong backup`), restores into a fresh database and fresh folders (`tamnong
# restore`, which checks against the backup's manifest), then compares, independently of the manifest,
# the row count of every table of both databases and the files' SHA-256.
#
#   scripts/backup_check.sh                                           # SQLite (the embedded set-up)
#   scripts/backup_check.sh postgres://postgres:postgres@localhost:5432   # PostgreSQL: creates, then drops,
#                                                 # the databases tamnong_backup_check and tamnong_backup_check_restored
set -euo pipefail
cd "$(dirname "$0")/.."
TAMNONG=${TAMNONG:-.venv/bin/tamnong}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
unset TAMNONG_PRIVATE_ROOT  # each side keeps its files under its own TAMNONG_VAR_DIR
server=${1:-}
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  if [ -n "$server" ]; then
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tamnong_backup_check" \
      -c "DROP DATABASE IF EXISTS tamnong_backup_check_restored" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -n "$server" ]; then
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tamnong_backup_check" -c "CREATE DATABASE tamnong_backup_check" \
    -c "DROP DATABASE IF EXISTS tamnong_backup_check_restored" -c "CREATE DATABASE tamnong_backup_check_restored"
  source_url="$server/tamnong_backup_check"; restored_url="$server/tamnong_backup_check_restored"
else
  mkdir -p "$work/source" "$work/restored"
  source_url="sqlite:///$work/source/tamnong.sqlite3"; restored_url="sqlite:///$work/restored/tamnong.sqlite3"
fi
on_source() { TAMNONG_VAR_DIR="$work/source" DATABASE_URL="$source_url" "$@"; }
on_restored() { TAMNONG_VAR_DIR="$work/restored" DATABASE_URL="$restored_url" "$@"; }

echo "== the demo in a new database ($(on_source $TAMNONG shell --no-imports -c 'from django.db import connection; print(connection.vendor)'))"
on_source $TAMNONG migrate --noinput -v 0
on_source $TAMNONG load_units
on_source $TAMNONG load_demo
# A file in every file storage on disk (uploaded photos, private files), as the site would save it.
on_source $TAMNONG shell --no-imports -c "
import os
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from tamnong.core.backup import file_storages
for alias in file_storages():
    storages[alias].save('backup-check/sample-' + alias + '.bin', ContentFile(os.urandom(200_000)))
print('files written in:', ', '.join(file_storages()))"

echo "== backup"
on_source $TAMNONG backup "$work/backup"
echo "== restore into a fresh database and fresh folders"
on_restored $TAMNONG restore "$work/backup"

echo "== compare both databases, table by table, and the files"
counts='import json; from tamnong.core.backup import table_counts; print(json.dumps(table_counts(), sort_keys=True, indent=0))'
on_source $TAMNONG shell --no-imports -c "$counts" >"$work/counts-source.json"
on_restored $TAMNONG shell --no-imports -c "$counts" >"$work/counts-restored.json"
diff -u "$work/counts-source.json" "$work/counts-restored.json"
tables=$(grep -c '":' "$work/counts-source.json")
empty=$(grep -c '": 0' "$work/counts-source.json" || true)
[ "$tables" -gt 0 ] && [ "$((tables - empty))" -gt 0 ] || { echo "no table with rows: nothing was checked"; exit 1; }
(cd "$work/source" && find . -path '*backup-check*' -type f -exec sha256sum {} + | sort) >"$work/files-source.txt"
(cd "$work/restored" && find . -path '*backup-check*' -type f -exec sha256sum {} + | sort) >"$work/files-restored.txt"
[ -s "$work/files-source.txt" ] || { echo "no file was written in the storages"; exit 1; }
diff -u "$work/files-source.txt" "$work/files-restored.txt"
echo "backup check: $tables tables ($((tables - empty)) with rows) and $(wc -l <"$work/files-source.txt") files match"

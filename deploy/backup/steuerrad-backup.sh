#!/usr/bin/env bash
# Nightly backup of Steuerrad's PostgreSQL database: pg_dump in custom format (compressed,
# restorable table by table with pg_restore), checked by reading its table of contents,
# then given its final name; dumps older than KEEP_DAYS are deleted.
#
#   DATABASE_URL  postgres://… as the server uses it (also with ?schema=name);
#                 read from STEUERRAD_ENV (/etc/steuerrad/steuerrad.env) when not set
#   BACKUP_DIR    where the dumps go (/var/backups/steuerrad)
#   KEEP_DAYS     how long dumps are kept (14)
#
# Restore (stop every steuerrad@ unit first):
#   pg_restore --clean --if-exists --no-owner --exit-on-error \
#     --dbname="postgres://steuerrad:…@127.0.0.1:5432/steuerrad" /var/backups/steuerrad/steuerrad-….dump
#   npm run audit:verify      # every hash chain of the restored store
# Exit codes: 0 dump written and readable, 1 failed (nothing rotated), 2 bad usage.
set -euo pipefail

if [ -z "${DATABASE_URL:-}" ]; then
  ENV_FILE="${STEUERRAD_ENV:-/etc/steuerrad/steuerrad.env}"
  if [ ! -r "$ENV_FILE" ]; then
    echo "steuerrad-backup: DATABASE_URL is not set and $ENV_FILE is not readable" >&2
    exit 2
  fi
  DATABASE_URL="$(sed -n 's/^DATABASE_URL=//p' "$ENV_FILE" | tail -n 1)"
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "steuerrad-backup: DATABASE_URL must be a postgres:// URL" >&2; exit 2 ;;
esac
BACKUP_DIR="${BACKUP_DIR:-/var/backups/steuerrad}"
KEEP_DAYS="${KEEP_DAYS:-14}"

# libpq does not know the server's ?schema= parameter: it becomes pg_dump's --schema.
CONNECTION="${DATABASE_URL%%\?*}"
SCHEMA_ARGS=()
if [[ "$DATABASE_URL" == *\?* ]]; then
  SCHEMA="$(printf '%s' "${DATABASE_URL#*\?}" | tr '&' '\n' | sed -n 's/^schema=//p' | head -n 1)"
  [ -n "$SCHEMA" ] && SCHEMA_ARGS=(--schema="$SCHEMA")
fi

mkdir -p "$BACKUP_DIR"
umask 077
TARGET="$BACKUP_DIR/steuerrad-$(date -u +%Y%m%dT%H%M%SZ).dump"
PARTIAL="$TARGET.partial"
trap 'rm -f "$PARTIAL"' EXIT

# One consistent snapshot while people keep editing (pg_dump reads in one transaction).
pg_dump --format=custom --compress=6 "${SCHEMA_ARGS[@]}" --file="$PARTIAL" "$CONNECTION"
# A dump whose table of contents cannot be read, or without the update history, is no backup.
# (The list is read whole first: grep -q stopping early would fail the pipe under pipefail.)
CONTENTS="$(pg_restore --list "$PARTIAL" 2>&1)" || CONTENTS=""
if ! grep -q 'TABLE DATA .*doc_updates' <<<"$CONTENTS"; then
  echo "steuerrad-backup: $PARTIAL is unreadable or lacks the table doc_updates; kept the old dumps" >&2
  exit 1
fi
mv "$PARTIAL" "$TARGET"
trap - EXIT

# Rotation only after a good dump, so a broken night never deletes the last good one.
find "$BACKUP_DIR" -maxdepth 1 -name 'steuerrad-*.dump' -type f -mtime +"$((KEEP_DAYS - 1))" -print -delete |
  sed 's/^/steuerrad-backup: removed /'
echo "steuerrad-backup: $TARGET ($(stat -c %s "$TARGET") bytes)"

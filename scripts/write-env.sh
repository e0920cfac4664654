#!/bin/sh
# Writes .env from .env.example when .env is missing, with a fresh random
# CRON_SECRET instead of the example's public placeholder: `supabase secrets
# set --env-file .env` may carry the file to a hosted project, and there a
# secret everyone can read in the repository would let anyone run the syncs
# (the functions refuse the placeholder outside the local stack). An existing
# .env is never touched. Usage: sh scripts/write-env.sh [project folder]
set -eu
dir=${1:-"$(dirname "$0")/.."}
example="$dir/.env.example"
target="$dir/.env"

[ -f "$target" ] && exit 0
[ -f "$example" ] || { printf 'setup: %s not found\n' "$example" >&2; exit 1; }

# 24 random bytes as 48 hex characters
secret=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
[ "${#secret}" -eq 48 ] || { printf 'setup: could not read 24 random bytes from /dev/urandom\n' >&2; exit 1; }

tmp="$target.tmp.$$"
# the file holds secrets: readable by its owner only
(
  umask 077
  if grep -q '^CRON_SECRET=' "$example"; then
    sed "s/^CRON_SECRET=.*/CRON_SECRET=$secret/" "$example" > "$tmp"
  else
    { cat "$example"; printf '\nCRON_SECRET=%s\n' "$secret"; } > "$tmp"
  fi
)
mv "$tmp" "$target"
printf 'setup: wrote .env from .env.example with a random CRON_SECRET (no API keys: demo mode)\n'

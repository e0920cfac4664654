#!/bin/sh
# npm run setup: everything TheSet needs on a Debian machine, installed by one
# command. Safe to repeat: a second run checks, finds nothing to do, and exits.
# Plain POSIX sh on purpose: it runs before Node's packages (and Deno) exist.
set -eu
cd "$(dirname "$0")/.."

# system PostgreSQL with the extensions the local platform needs, pgTAP's
# pg_prove, and the browser the end-to-end tests drive
APT_PACKAGES="postgresql postgresql-contrib postgresql-15-cron postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl postgresql-15-wal2json chromium"

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

missing=""
for pkg in $APT_PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done

if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    fail "missing system packages:$missing. This setup installs them with Debian's apt; on another system install their equivalents (PostgreSQL 15 with pg_cron, pgTAP with pg_prove, wal2json, Chromium) by hand."
  fi
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages:$missing. Install them as root: sudo apt-get install -y$missing"
  fi
  say "installing Debian packages:$missing"
  # the package lists may be empty on a fresh machine; refresh them once
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
else
  say "Debian packages present"
fi

command -v node >/dev/null 2>&1 || fail "node not found: install Node.js 20.19 or newer"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js $(node --version) is too old: 20.19 or newer is needed (Vite 8)"

# Node packages from the committed lockfile, only when it changed since the
# last install. `npm ci` installs exactly the locked versions and never writes
# package-lock.json, so setup leaves the tree as it found it. The lockfile
# holds every platform's optional Supabase CLI and Deno binary (npm installs
# only this machine's); regenerate it with `npm install` when a dependency
# changes and commit it whole.
stamp=node_modules/.theset-setup-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/deno ] && [ -x node_modules/.bin/supabase ]; then
  say "node packages up to date"
else
  say "installing node packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

node_modules/.bin/deno --version >/dev/null 2>&1 || fail "deno from npm does not run: remove node_modules and run npm run setup again"
node_modules/.bin/supabase --version >/dev/null 2>&1 || fail "the Supabase CLI from npm does not run: remove node_modules and run npm run setup again"
# .env from .env.example, with a random CRON_SECRET in place of the example's public one
sh scripts/write-env.sh .
say "done. Next: npm start (the app) or npm test (the tests)"

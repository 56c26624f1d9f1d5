#!/bin/sh
# Per-rule finding counts of two schoolgate binaries on the same sites, side
# by side: what a change to the checks did on realistic input.
#
#   benches/compare-rules.sh OLD_BINARY NEW_BINARY [SITE ...]
#
# Each SITE is a folder of HTML (audited with `audit SITE`, with the
# fixture register when the folder has none). Without SITE: a
# WordPress-style export (fixtures/sites/audit/links), a Next.js/CMS export
# (fixtures/sites/precision/file-names) and the demo school as built
# (public/ of `cargo run --release -- build`).
set -eu
old=$1 new=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$here/fixtures/sites/audit/links" "$here/fixtures/sites/precision/file-names" "$here/public"
# The fixtures' register for the fixtures, the demo school's for the demo.
register_for() {
  case $1 in
    "$here"/fixtures/*) echo "$here/fixtures/sites/audit/lists/register.csv" ;;
    *) echo "$here/private/consent-register.csv" ;;
  esac
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for site in "$@"; do
  for which in old new; do
    eval bin=\$$which
    "$bin" audit "$site" --register "$(register_for "$site")" --today 2026-12-07 --no-faces --format json --output "$tmp/$which.json" >/dev/null 2>&1 || true
  done
  python3 - "$site" "$tmp/old.json" "$tmp/new.json" <<'PY'
import json, sys, collections
site, old, new = sys.argv[1:]
def counts(path):
    try:
        findings = json.load(open(path))["findings"]
    except Exception as e:
        return None
    return collections.Counter(f["rule"] for f in findings)
a, b = counts(old), counts(new)
print(f"\n{site}")
if a is None or b is None:
    print("  (one of the reports could not be read)"); sys.exit()
print(f"  {'rule':<34} {'before':>6} {'after':>6}")
for rule in sorted(set(a) | set(b)):
    mark = "" if a[rule] == b[rule] else "  *"
    print(f"  {rule:<34} {a[rule]:>6} {b[rule]:>6}{mark}")
print(f"  {'total':<34} {sum(a.values()):>6} {sum(b.values()):>6}")
PY
done

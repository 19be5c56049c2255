#!/usr/bin/env bash
# Refreshes docs/screenshot.png from the real window on a virtual X screen (Xvfb), as a user sees it.
# Needs: apt-get install -y xvfb xdotool imagemagick libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4
#        libxcb-keysyms1 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-image0
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp & xvfb=$!
export DISPLAY=:77 QT_QPA_PLATFORM=xcb
sleep 1
.venv/bin/annotator gui --db "$tmp/seeds.db" seeds/ & app=$!
# wait for the window, then for the suggestions of the 16 seed articles
for _ in $(seq 60); do xdotool search --name '^annotator' >/dev/null 2>&1 && break; sleep 0.5; done
win=$(xdotool search --name '^annotator' | head -n 1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1280 800
for _ in $(seq 120); do
  left=$(.venv/bin/python - "$tmp/seeds.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from documents where suggested_by is null").fetchone()[0])
PY
)
  [ "$left" = 0 ] && break; sleep 0.5
done
sleep 1.5
import -window root "${1:-docs/screenshot.png}"
echo "wrote ${1:-docs/screenshot.png}"

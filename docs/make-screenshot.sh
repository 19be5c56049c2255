#!/usr/bin/env bash
# Refreshes docs/screenshot.png from the real window on a virtual X screen (Xvfb), as a user sees
# it: the seed article with model suggestions (pale, dashed) next to accepted spans, a claim with
# nested actors as the current span, and its speaker in the Attributes panel.
# Needs: apt-get install -y xvfb xdotool imagemagick libxcb-cursor0 libxkbcommon-x11-0
#        libxcb-icccm4 libxcb-keysyms1 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0
#        libxcb-shape0 libxcb-image0
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshot.png}"
tmp=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="$tmp/seeds.db"
.venv/bin/annotator import --db "$db" seeds/ >/dev/null
# A person's first minutes, done through the core: accept the first claim of the seed article,
# the actors inside it and its speaker; everything else stays a suggestion.
export XDG_CONFIG_HOME="$tmp/config"
.venv/bin/python - "$db" <<'PY'
import sys
from PySide6.QtCore import QSettings
from annotator.core import annotation as ops
from annotator.core.store import open_store

with open_store(sys.argv[1]) as store:
    doc = ops.load(store, 1)
    claim = next(s for s in doc.spans if s.label == "CLAIM")
    speaker = doc.linked(claim.id, "SPEAKER")
    inside = [s for s in doc.spans if s.label == "ACTOR" and claim.start <= s.start < claim.end]
    for span in [claim, *inside[:2], *([speaker] if speaker else [])]:
        ops.accept(ops.load(store, 1), span, "screenshot").apply(store, "screenshot")
    key = f"last/{str(store.path.resolve()).replace('/', '|')}"
settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator")
settings.setValue(key, [1, 0, claim.id])
settings.setValue("annotator", "screenshot")
settings.sync()
PY
Xvfb :77 -screen 0 1400x860x24 -nolisten tcp & xvfb=$!
export DISPLAY=:77 QT_QPA_PLATFORM=xcb
sleep 1
.venv/bin/annotator gui --db "$db" & app=$!
for _ in $(seq 60); do xdotool search --name '^annotator' >/dev/null 2>&1 && break; sleep 0.5; done
win=$(xdotool search --name '^annotator' | head -n 1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1400 860
sleep 2
import -window root "$out"
echo "wrote $out"

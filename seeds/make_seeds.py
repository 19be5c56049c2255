"""Writes the Wikinews seed articles from ../shared/corpus (run once; kept for reproducibility).

Each file is in the seed format: `` date YYYY-MM-DD `` then the article text. The Wikinews dateline
line ("Friday, January 4, 2019") is dropped because the header carries the date; runs of blank
lines are reduced to one. Usage: python seeds/make_seeds.py ../shared/corpus/wikinews-cc-by-2.5
"""

import csv
import re
import sys
from pathlib import Path

WANTED = 15
DATELINE = re.compile(r"^\s*\w+day, \w+ \d{1,2}, \d{4}\s*\n")


def main(corpus: Path) -> None:
    out = Path(__file__).parent
    rows = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (corpus / name).open(encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    chosen = [
        r
        for r in rows
        if not r["title"].startswith("TEST PAGE")
        and 1500 <= len(r["text"]) <= 5000
        and r["text"].count(" said") >= 3
    ]
    step = max(1, len(chosen) // WANTED)
    chosen = chosen[::step][:WANTED]
    lines = [
        "# Seed articles",
        "",
        "`000_d788b73009aa788c.txt` is the project's example.",
        "",
    ]
    lines += [
        "The others are articles from English Wikinews, © Wikinews contributors, licensed under",
        "Creative Commons Attribution 2.5 Generic (CC BY 2.5,",
        "https://creativecommons.org/licenses/by/2.5/). They were taken from the",
        "vanatteveldt/wikinews collection (commit 347254178bf343f3801aac1d03c41cc09c35decb) and",
        "changed only as follows: the dateline line was replaced by the seed format's date header,",
        "runs of blank lines were reduced to one and trailing spaces removed.",
        "",
        "| file | title | date | source |",
        "| --- | --- | --- | --- |",
    ]
    for number, row in enumerate(chosen, start=1):
        text = DATELINE.sub("", row["text"], count=1)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        slug = re.sub(r"[^a-z0-9]+", "-", row["title"].lower()).strip("-")[:50]
        name = f"{number:03d}_{slug}.txt"
        (out / name).write_text(f" date {row['date']} {text}\n", encoding="utf-8")
        url = row["url"].replace("//wiki/", "/wiki/")
        lines.append(f"| `{name}` | {row['title']} | {row['date']} | {url} |")
    (out / "ATTRIBUTION.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""The seed's coverage: entries per région and category, and its sources (for the closing
note of the directory's issue and for data/README.md).

    python scripts/directory_coverage.py [data/directory-seed.json]

Prints a Markdown table (régions × categories, with totals), the régions of metropolitan
France that have no entry, and the distinct source pages.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from domain.catalogue import load_categories

#: The 13 régions of metropolitan France (INSEE codes).
METROPOLITAN = {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


def coverage(document: dict) -> str:
    entries = [e for e in document.get("entries", []) if isinstance(e, dict)]
    categories = [c.id for c in load_categories()]
    regions: dict[str, str] = {}
    cells: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        code = str(entry.get("region_code") or "")
        regions[code] = str(entry.get("region") or code or "?")
        cells[(code, str(entry.get("category")))] += 1
    lines = [
        f"{len(entries)} entries, {len(regions)} régions.",
        "",
        "| région | " + " | ".join(categories) + " | total |",
        "| --- |" + " --- |" * (len(categories) + 1),
    ]
    for code, name in sorted(regions.items(), key=lambda item: item[1]):
        counts = [cells[(code, c)] for c in categories]
        lines.append(f"| {name} ({code}) | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    totals = [sum(cells[(code, c)] for code in regions) for c in categories]
    lines.append("| total | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    missing = sorted(METROPOLITAN - set(regions))
    lines += ["", "Metropolitan régions without an entry: " + (", ".join(missing) or "none")]
    sources = sorted({str(e.get("source_url")) for e in entries if e.get("source_url")})
    lines += ["", f"{len(sources)} distinct source pages:", *(f"- {url}" for url in sources)]
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "directory-seed.json"
    print(coverage(json.loads(path.read_text(encoding="utf-8"))))


if __name__ == "__main__":
    main()

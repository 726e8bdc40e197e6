"""Fix French typography in the French locale files: non-breaking spaces before ; : ! ? and
inside « », typographic apostrophe. Run: python scripts/french_typography.py data/locales/fr/*.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

NBSP = "\u00a0"


def fix(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)  # l'alliance → l’alliance
    # Idempotent: an existing (narrow) no-break space is kept, never doubled.
    text = re.sub(r"(?<![\u00a0\u202f]) ?([;:!?])(?=\s|$|\))", NBSP + r"\1", text)  # not in URLs
    text = re.sub(r"« ?(?![\u00a0\u202f])", "«" + NBSP, text)
    text = re.sub(r"(?<![\u00a0\u202f]) ?»", NBSP + "»", text)
    return text


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        data = json.loads(path.read_text(encoding="utf-8"))
        fixed = {key: fix(value) for key, value in data.items()}
        path.write_text(json.dumps(fixed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Offline gazetteer of French communes (metropolitan France and the five DROM).

Pure Python, standard library only (this module must never import streamlit).

The data comes from ``data/communes.csv.gz`` (built by ``scripts/build_gazetteer.py``;
sources and licences in ``data/SOURCES-communes.md``). It has one row per current
commune, plus the 45 arrondissements municipaux of Paris, Lyon and Marseille, with
the columns::

    insee,name,postcodes,dep_code,dep_name,region_code,region_name,lat,lon,population,approximate

Typical use::

    gaz = Gazetteer.load()
    gaz.search("st etienne")      # -> [Commune(insee='42218', name='Saint-Étienne', ...), ...]
    gaz.search("35550")           # postcode (prefix) search -> [Pipriac, ...]
    gaz.get("35219")              # -> Commune(... name='Pipriac' ...)
"""

from __future__ import annotations

import bisect
import csv
import gzip
import heapq
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from domain.text import fold

__all__ = ["DEFAULT_PATH", "Commune", "Gazetteer", "normalize"]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "communes.csv.gz"
COLUMNS = [  # of data/communes.csv.gz (scripts/build_gazetteer.py writes it)
    "insee",
    "name",
    "postcodes",
    "dep_code",
    "dep_name",
    "region_code",
    "region_name",
    "lat",
    "lon",
    "population",
    "approximate",
]

# --------------------------------------------------------------------------- normalize

# Abbreviations that are expanded token-wise ("st" ≈ "saint", "ste" ≈ "sainte").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ABBREVIATION_RE = re.compile(r"\b(?:st|ste|sts|stes)\b")
# A French postcode typed next to a name: five digits on their own (« Roubaix 59100 »).
_POSTCODE_TOKEN = re.compile(r"(?<![0-9A-Za-z])(\d{5})(?![0-9A-Za-z])")


def _expand(folded: str) -> str:
    """Expand the "st"/"ste"/"sts"/"stes" tokens of a folded string."""
    if "st" not in folded:
        return folded
    return _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group()], folded)


def normalize(text: str) -> str:
    """Accent- and case-insensitive key for a place name.

    Hyphens, apostrophes (' and ’) and any other punctuation become spaces, runs of
    spaces collapse, and the abbreviations "st"/"ste" (also "sts"/"stes") are
    expanded to "saint"/"sainte" ("saints"/"saintes")::

        >>> normalize("Saint-Étienne") == normalize("ST ETIENNE") == "saint etienne"
        True
        >>> normalize("L’Haÿ-les-Roses")
        'l hay les roses'
    """
    return _expand(fold(text))


# --------------------------------------------------------------------------- Commune


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple[str, ...]
    departement_code: str
    departement: str
    region_code: str
    region: str
    lat: float
    lon: float
    population: int
    approximate: bool  # True when lat/lon is an estimate, not the commune's own point

    def postcode_for(self, query: str = "") -> str:
        """The postcode the learner typed when it is one of this commune's, else its first."""
        typed = _POSTCODE_TOKEN.findall(query or "")
        chosen = next((code for code in typed if code in self.postcodes), None)
        return chosen or (self.postcodes[0] if self.postcodes else "")

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Pipriac (35550, Ille-et-Vilaine)"``.

        The first (lowest) postcode is shown; communes without a postcode show only
        the département.
        """
        if self.postcodes:
            return f"{self.name} ({self.postcodes[0]}, {self.departement})"
        return f"{self.name} ({self.departement})"


# --------------------------------------------------------------------------- Gazetteer


class Gazetteer:
    """In-memory index of communes with name and postcode search.

    Build it with :meth:`load` (the shipped data file) or from a list of
    :class:`Commune` (e.g. test data).
    """

    def __init__(self, communes: Iterable[Commune] = ()):
        communes = list(communes)
        self._init(
            [
                (
                    c.insee,
                    c.name,
                    " ".join(c.postcodes),
                    c.departement_code,
                    c.departement,
                    c.region_code,
                    c.region,
                    c.lat,
                    c.lon,
                    c.population,
                    c.approximate,
                )
                for c in communes
            ],
            cache=communes,
        )

    def _init(self, rows: list[tuple[Any, ...]], cache: list[Commune] | None = None) -> None:
        # rows: raw records in file order; Commune objects are made on first use.
        self._rows = rows
        self._objs: list[Commune | None] = list(cache) if cache else [None] * len(rows)
        self._index_of: dict[str, int] = {r[0]: i for i, r in enumerate(rows)}
        keys = [normalize(r[1]) for r in rows]
        neg_pops = [-int(r[9]) if r[9] else 0 for r in rows]
        # Search structures work on "positions" in rank order: population descending,
        # then normalized name, then INSEE code. A smaller position wins a tie.
        # (Stable sorts on C-level keys, least significant first: fast.)
        order = sorted(range(len(rows)), key=[r[0] for r in rows].__getitem__)
        order.sort(key=keys.__getitem__)
        order.sort(key=neg_pops.__getitem__)
        self._order: list[int] = order
        self._keys: list[str] = [keys[i] for i in order]
        self._exact: dict[str, list[int]] = {}
        for pos, key in enumerate(self._keys):
            self._exact.setdefault(key, []).append(pos)
        # Keys in alphabetical order (with their positions), for prefix bisection.
        self._alpha_pos: list[int] = sorted(range(len(rows)), key=self._keys.__getitem__)
        self._alpha_keys: list[str] = [self._keys[pos] for pos in self._alpha_pos]
        # All keys in rank order in one string, one per line, for C-speed scans.
        self._blob = "\n" + "\n".join(self._keys) + "\n"
        self._starts: list[int] = list(accumulate((len(k) + 1 for k in self._keys), initial=1))[:-1]
        # postcode -> positions (in rank order), and the sorted postcodes.
        self._by_postcode: dict[str, list[int]] = {}
        for pos, i in enumerate(order):
            for pc in rows[i][2].split():
                self._by_postcode.setdefault(pc, []).append(pos)
        self._postcode_list: list[str] = sorted(self._by_postcode)

    def _commune(self, i: int) -> Commune:
        obj = self._objs[i]
        if obj is None:
            (
                insee,
                name,
                postcodes,
                dep_code,
                dep_name,
                region_code,
                region_name,
                lat,
                lon,
                population,
                approximate,
            ) = self._rows[i]
            obj = Commune(
                insee=insee,
                name=name,
                postcodes=tuple(postcodes.split()),
                departement_code=dep_code,
                departement=dep_name,
                region_code=region_code,
                region=region_name,
                lat=float(lat),
                lon=float(lon),
                population=int(population) if population else 0,
                approximate=approximate in (True, "1"),
            )
            self._objs[i] = obj
        return obj

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load the gzip CSV (default: ``data/communes.csv.gz`` at the repo root)."""
        path = Path(path) if path is not None else DEFAULT_PATH
        with gzip.open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        reader = csv.reader(io.StringIO(text))
        header = next(reader)
        if header != COLUMNS:
            raise ValueError(f"{path}: unexpected header {header!r}")
        rows = [tuple(r) for r in reader]
        if any(len(r) != len(COLUMNS) for r in rows):
            raise ValueError(f"{path}: malformed row")
        gaz = cls.__new__(cls)
        gaz._init(rows)
        return gaz

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Commune]:
        """All communes, in INSEE code order (the file's order)."""
        return (self._commune(i) for i in range(len(self._rows)))

    def get(self, insee: str) -> Commune | None:
        """The commune (or arrondissement municipal) with this INSEE code, if any."""
        i = self._index_of.get(insee.strip().upper())
        return None if i is None else self._commune(i)

    def search(self, query: str, limit: int = 10) -> list[Commune]:
        """Find communes by name or postcode, best first.

        * A query made of digits (spaces allowed) is a postcode prefix: "350" finds
          every commune with a 350xx postcode; exact postcode matches come first.
        * Otherwise the query is normalized (see :func:`normalize`) and matched
          against the names: exact name first, then names starting with the query,
          then names with a word starting with the query, then names containing it.

        Within a tier, more populous communes come first. An empty query gives [].
        """
        if not query or not query.strip() or limit <= 0:
            return []
        compact = query.replace(" ", "")
        if compact.isascii() and compact.isdigit():
            positions = self._search_postcode(compact, limit)
        elif _POSTCODE_TOKEN.search(query) and fold(_POSTCODE_TOKEN.sub(" ", query)):
            positions = self._search_name_and_postcode(query, limit)
        else:
            positions = self._search_name(query, limit)
        return [self._commune(self._order[pos]) for pos in positions]

    def _search_name_and_postcode(self, query: str, limit: int) -> list[int]:
        """« Roubaix 59100 », « 59100 Roubaix », « Roubaix (59100) »: the communes of that
        postcode whose name matches the words; else the name's matches, those with that
        postcode first; else the postcode's communes."""
        code = _POSTCODE_TOKEN.search(query).group(1)  # type: ignore[union-attr]
        words = _POSTCODE_TOKEN.sub(" ", query)
        wanted = normalize(words)
        with_code = self._by_postcode.get(code, [])
        named = [pos for pos in with_code if wanted in self._keys[pos]]
        if named:
            exact = [pos for pos in named if self._keys[pos] == wanted]
            return (exact + [pos for pos in named if pos not in exact])[:limit]
        by_name = self._search_name(words, max(limit, 50))
        if by_name:
            codes = set(with_code)
            return sorted(by_name, key=lambda pos: pos not in codes)[:limit]
        return self._search_postcode(code, limit)

    def _search_postcode(self, prefix: str, limit: int) -> list[int]:
        exact = self._by_postcode.get(prefix, [])[:limit]
        others: set[int] = set()
        pcs = self._postcode_list
        for j in range(bisect.bisect_left(pcs, prefix), len(pcs)):
            pc = pcs[j]
            if not pc.startswith(prefix):
                break
            if pc != prefix:
                others.update(self._by_postcode[pc][:limit])
        seen = set(exact)
        return exact + heapq.nsmallest(limit - len(exact), others - seen)

    def _search_name(self, query: str, limit: int) -> list[int]:
        folded = fold(query)
        if not folded:
            return []
        best: dict[int, int] = {}
        # "ste" may abbreviate "sainte" or start "Stenay": the literal form is tried too.
        for q in {_expand(folded), folded}:
            for tier, positions in enumerate(self._tiers(q, limit)):
                for pos in positions:
                    if tier < best.get(pos, 99):
                        best[pos] = tier
        return sorted(best, key=lambda pos: (best[pos], pos))[:limit]

    def _tiers(self, q: str, limit: int) -> list[list[int]]:
        """Best ``limit`` positions of each tier: exact, prefix, word prefix, substring."""
        exact = self._exact.get(q, [])[:limit]
        prefix: list[int] = []
        alpha_keys, alpha_pos = self._alpha_keys, self._alpha_pos
        for j in range(bisect.bisect_right(alpha_keys, q), len(alpha_keys)):  # skips == q
            if not alpha_keys[j].startswith(q):
                break
            prefix.append(alpha_pos[j])
        tiers = [exact, heapq.nsmallest(limit, prefix), [], []]
        found = len(tiers[0]) + len(tiers[1])
        if found >= limit:
            return tiers
        # Scan the blob (rank order) for inner occurrences: after a space it is a
        # word prefix, otherwise a substring. Line starts were handled above.
        blob, starts = self._blob, self._starts
        word: list[int] = []
        inner: list[int] = []
        seen_word: set[int] = set()
        seen_inner: set[int] = set()
        idx = blob.find(q, 1)
        while idx != -1:
            pos = bisect.bisect_right(starts, idx) - 1
            if idx != starts[pos]:  # not a prefix
                if blob[idx - 1] == " ":
                    if pos not in seen_word:
                        seen_word.add(pos)
                        word.append(pos)
                        if pos in seen_inner:  # seen inside a word earlier on this line
                            inner.remove(pos)
                        if len(word) >= limit:
                            break
                elif pos not in seen_inner and pos not in seen_word and len(inner) < limit:
                    seen_inner.add(pos)
                    inner.append(pos)
            idx = blob.find(q, idx + 1)
        tiers[2] = word
        tiers[3] = inner
        return tiers

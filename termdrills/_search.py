"""The site search's Chinese: Sphinx's (jieba) plus every glossary term inside a word.

Registered by `termdrills.sphinxext` by name, as Sphinx registers its own languages, so
this module, and jieba with it, is imported only when a build writes the search index
(docs/architecture.md, *Search*).

jieba's segmentation is most of the cost of indexing a page, and a glossary page of a
few thousand terms is indexed again whenever one row changes: the segments of every text
are kept between builds (``search-segments.pickle`` beside jieba's user dictionary, valid
while that dictionary, i.e. the glossary's Chinese terms, is the same), so a rebuild
segments only the texts that changed.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from sphinx.search.zh import JIEBA, SearchChinese

from termdrills._text import has_han

if JIEBA:
    import jieba

CACHE_NAME = "search-segments.pickle"
_MAX_KEPT = 200_000  # texts; beyond that, only this build's are kept
_cache: dict[str, object] = {"path": None, "key": "", "segments": {}, "used": set(),
                             "dirty": False}


class _WordSet(set):
    """A set with the ``extend`` that Sphinx's Chinese splitter calls."""

    def extend(self, words: list[str]) -> None:
        self.update(words)


def _load(dict_path: str | None) -> None:
    """The kept segments, if they were made with the same jieba dictionary."""
    if not dict_path or not Path(dict_path).is_file():
        return
    path = Path(dict_path).with_name(CACHE_NAME)
    version = getattr(jieba, "__version__", "") if JIEBA else ""
    key = hashlib.sha256(Path(dict_path).read_bytes() + version.encode()).hexdigest()
    segments: dict[str, list[str]] = {}
    try:
        with path.open("rb") as fh:
            kept = pickle.load(fh)
        if isinstance(kept, dict) and kept.get("key") == key:
            segments = kept["segments"]
    except (OSError, pickle.PickleError, EOFError, KeyError, TypeError, AttributeError):
        pass
    _cache.update(path=path, key=key, segments=segments, used=set(), dirty=False)


def save() -> None:
    """Keep this build's segments for the next (`termdrills.sphinxext` at build-finished)."""
    path = _cache["path"]
    if not isinstance(path, Path) or not _cache["dirty"]:
        return
    segments: dict[str, list[str]] = _cache["segments"]  # type: ignore[assignment]
    used: set[str] = _cache["used"]  # type: ignore[assignment]
    if len(segments) > _MAX_KEPT:
        segments = {k: v for k, v in segments.items() if k in used}
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"key": _cache["key"], "segments": segments}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    _cache["dirty"] = False


def _segments(text: str) -> list[str]:
    """jieba's search segmentation of `text`, kept between builds."""
    segments: dict[str, list[str]] = _cache["segments"]  # type: ignore[assignment]
    found = segments.get(text)
    if found is None:
        found = segments[text] = list(jieba.cut_for_search(text)) if JIEBA else []
        _cache["dirty"] = True
    _cache["used"].add(text)  # type: ignore[attr-defined]
    return found


class GlossaryChinese(SearchChinese):
    """Sphinx's Chinese search (jieba) plus every glossary term inside a word.

    jieba makes 优化政务服务 one word; a reader searching 政务服务, itself a
    glossary term, must find it too. The query is not segmented, so each term has
    to be an index word of its own.
    """

    terms: frozenset[str] = frozenset()

    def init(self, options: dict[str, str]) -> None:
        from termdrills import sphinxext

        super().init(options)
        _load(options.get("dict"))
        self.terms = sphinxext.SEARCH_TERMS  # this build's glossary
        # Sphinx keeps every Latin word seen in a list and searches it for each word it
        # stems: quadratic, 48 of 63 seconds for a 5,000-term glossary page. A set.
        self.latin_terms = _WordSet()

    def split(self, input: str) -> list[str]:
        # SearchChinese.split, with jieba's segments kept between builds
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.extend(latin)
        words = [*_segments(input), *latin]
        inner = []
        for word in words:
            if len(word) < 3 or not has_han(word):
                continue
            parts = {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}
            parts.discard(word)
            inner.extend(sorted(parts & self.terms))
        return words + inner

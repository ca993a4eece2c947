"""The course's search language: Sphinx's Chinese search with Chinese indexed as
character pairs (`termdrills.book.search` says why and holds the rest of the search).

A module of its own because Sphinx's Chinese search imports jieba (and with it
``pkg_resources``), about 0.2 s: Sphinx imports this module by name
(``sphinx.search.languages``) only when it writes the search index, so a build with
nothing to write does not pay for it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from sphinx.search.zh import SearchChinese

from termdrills.book.search import _HAN_RUN, _LATIN_WORD, JS_SPLITTER, fold, han_grams


class _WordSet(set):  # type: ignore[type-arg]
    """A set with the ``extend`` that Sphinx's Chinese splitter calls."""

    def extend(self, words: Iterable[str]) -> None:
        self.update(words)


class GlossaryChinese(SearchChinese):
    """Sphinx's Chinese search language, with Chinese indexed as character pairs and
    Latin text without tone marks (English stemming is Sphinx's, unchanged)."""

    js_splitter_code = JS_SPLITTER

    def init(self, options: dict[str, str]) -> None:
        # No jieba dictionary to load: pairs need none.
        import snowballstemmer

        self.stemmer = snowballstemmer.stemmer("english")
        # Sphinx memoises stems per page; the English stemmer is pure, so its answers are
        # kept for the whole index (the glossary pages repeat the same words by the
        # thousand, and an edit rebuild stems them again).
        self._stem_word = functools.lru_cache(maxsize=None)(self.stemmer.stemWord)
        # Sphinx keeps every Latin word seen in a list and searches it for each word it
        # stems: quadratic (48 of 63 seconds for a 5,000-term glossary page). A set.
        self.latin_terms = _WordSet()

    def split(self, input: str) -> list[str]:
        latin = _LATIN_WORD.findall(fold(input))
        self.latin_terms.extend(latin)
        return [*han_grams(input), *latin]

    def stem(self, word: str) -> str:
        """`SearchChinese.stem`, the stemmer's answers kept."""
        lower = word.lower()
        stemmed = self._stem_word(lower)
        if word in self.latin_terms and len(word) >= 3 and len(stemmed) < 3:
            return lower
        return stemmed

    def word_filter(self, stemmed_word: str) -> bool:
        return len(stemmed_word) > 1 or _HAN_RUN.fullmatch(stemmed_word) is not None

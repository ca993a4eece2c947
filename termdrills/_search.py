"""The site search's Chinese: Sphinx's (jieba) plus every glossary term inside a word.

Registered by `termdrills.sphinxext` by name, as Sphinx registers its own languages, so
this module, and jieba with it, is imported only when a build writes the search index
(docs/architecture.md, *Search*).
"""

from __future__ import annotations

from sphinx.search.zh import SearchChinese

from termdrills._text import has_han


class _WordSet(set):
    """A set with the ``extend`` that Sphinx's Chinese splitter calls."""

    def extend(self, words: list[str]) -> None:
        self.update(words)


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
        self.terms = sphinxext.SEARCH_TERMS  # this build's glossary
        # Sphinx keeps every Latin word seen in a list and searches it for each word it
        # stems: quadratic, 48 of 63 seconds for a 5,000-term glossary page. A set.
        self.latin_terms = _WordSet()

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        inner = []
        for word in words:
            if len(word) < 3 or not has_han(word):
                continue
            parts = {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}
            parts.discard(word)
            inner.extend(sorted(parts & self.terms))
        return words + inner

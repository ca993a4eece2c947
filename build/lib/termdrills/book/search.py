"""The site search of the course book (part of `termdrills.book`).

Chinese has no spaces, and a dictionary (jieba) only knows the words it knows: with
it, 一网通办 or 容缺受理 in a lesson's prose were found by no query. So Chinese is
indexed the way CJK search engines do it: every run of Chinese characters as its
character pairs (bigrams; a lone character as itself), and the query is cut the same
way in the browser (`JS_SPLITTER`, Sphinx's ``splitQuery``). A page matches when it
holds every pair of the query, so any word that appears on the site is found,
whether or not a dictionary knows it. Indexing stays linear in the text.

Pinyin and other accented Latin text is indexed without its tone marks, and the
query is folded the same way: ``zhèngwù`` and ``zhengwu`` find the same pages.

Glossary terms are also search objects (`GlossaryDomain`): a hit links to the term's
own anchor, ``glossary.html#<term-id>``, and names the term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sphinx.domains import Domain, ObjType

from termdrills.text.chinese import HAN_RANGE

#: The course's search language as Sphinx finds it by name (``sphinx.search.languages``):
#: imported only when the index is written, as jieba comes with it (`_search_zh`).
LANGUAGE = "termdrills.book.search_zh.GlossaryChinese"

_HAN_RUN = re.compile(f"[{HAN_RANGE}]+")
_LATIN_WORD = re.compile(r"[a-zA-Z0-9_]+")


def fold(text: str) -> str:
    """Text without its accents and tone marks: ``Zhèngwù fúwù`` → ``Zhengwu fuwu``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")))


def han_grams(text: str) -> Iterator[str]:
    """The character pairs of every Chinese run (a lone character as itself)."""
    for run in _HAN_RUN.findall(text):
        if len(run) == 1:
            yield run
        else:
            for i in range(len(run) - 1):
                yield run[i:i + 2]


#: The browser's twin of `GlossaryChinese.split` for the query (Sphinx embeds it in
#: language_data.js as ``splitQuery``).
JS_SPLITTER = r"""
function splitQuery(query) {
  // termdrills: Chinese as character pairs, tone marks dropped (termdrills/book/search.py).
  const folded = query.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  const terms = [];
  for (const piece of folded.split(/[^\p{Letter}\p{Number}_]+/u)) {
    for (const part of piece.split(/([@HAN@]+)/u)) {
      if (!part) continue;
      if (!/^[@HAN@]/u.test(part)) terms.push(part);
      else if (part.length === 1) terms.push(part);
      else for (let i = 0; i + 1 < part.length; i++) terms.push(part.slice(i, i + 2));
    }
  }
  return terms;
}
""".replace("@HAN@", HAN_RANGE.encode("unicode_escape").decode())


class GlossaryDomain(Domain):
    """Glossary terms as search objects: found by Chinese, pinyin or English, linked to
    the term's anchor. (Cross-references to terms stay Sphinx's ``{term}`` role.)"""

    name = "termdrills"
    label = "termdrills glossary"
    object_types = {"term": ObjType("glossary term", "term")}  # noqa: RUF012
    initial_data: dict[str, Any] = {"terms": {}}  # noqa: RUF012
    data_version = 1

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return str(type.lname)  # "glossary term", as the search results say it

    def note_term(self, *, name: str, docname: str, anchor: str) -> None:
        self.data["terms"][name] = (docname, anchor)

    def clear_doc(self, docname: str) -> None:
        terms = self.data["terms"]
        for name in [n for n, (doc, _) in terms.items() if doc == docname]:
            del terms[name]

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for name, (doc, anchor) in otherdata["terms"].items():
            if doc in docnames:
                self.data["terms"][name] = (doc, anchor)

    def resolve_xref(self, *args: Any, **kwargs: Any) -> None:
        return None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for name, (doc, anchor) in sorted(self.data["terms"].items()):
            yield name, name, "term", doc, anchor, 1


def object_name(zh: str, pinyin: str, en: str) -> str:
    """A term as the search shows it, and as the query is matched against it:
    ``政务服务 zhengwu fuwu · government services`` (pinyin without tone marks)."""
    return " · ".join(p for p in (f"{zh} {fold(pinyin)}".strip(), en) if p)

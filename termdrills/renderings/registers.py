"""What kind of source a rendering was seen in, derived from its page's address.

The "Renderings that vary" page says, for each rendering, whether it was seen in a
central government release, in the news, in a congress report or leader's speech
in its official translation, or on a local government's site: the register it
belongs to, and so when to use it. The kind is read from the page's host (and, for a
few hosts, its path) with `HOST_RULES`, the first matching rule winning; a host
matches a rule's host or any host under it (``shanxi.chinadaily.com.cn`` matches
``chinadaily.com.cn``). One more rule: a preferred rendering whose glossary `source`
names a congress or work report or a speech (`SPEECH_SOURCE`) is a speech/document
rendering whatever site carries the text (China Daily publishes report highlights on
its regional pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HOST_RULES", "REGISTERS", "Register", "register_of"]


@dataclass(frozen=True)
class Register:
    key: str
    label: str
    #: Which publishers it covers (shown on the page).
    sources: str
    #: When a translator should write this register's rendering.
    use: str


REGISTERS: tuple[Register, ...] = (
    Register("central", "Central government release",
             "The State Council and its ministries: english.www.gov.cn policy releases, "
             "SCIO press conferences and white papers, the Ministry of Foreign Affairs, "
             "the NPC; China Keywords",
             "Policy documents, their titles and official notices: follow the wording of "
             "the central government's English releases."),
    Register("news", "News",
             "Xinhua (also as wire copy republished elsewhere), China Daily, People's "
             "Daily Online, ECNS, China.org.cn, Beijing Review, CGTN, Global Times",
             "News reports and features: the shorter, plainer wording of the state news "
             "media."),
    Register("speech", "Congress report or speech",
             "Reports to the CPC National Congress, government work reports and leaders' "
             "speeches and articles as published in their official English translations "
             "(also Qiushi's English edition)",
             "Speeches, reports and quotations from them: keep the official translation's "
             "wording, often fuller and more formal, word for word."),
    Register("local", "Local government",
             "Provincial and city governments' English sites (other gov.cn hosts) and "
             "their investment agencies",
             "Understood, and right for texts about that place; national texts prefer the "
             "preferred rendering."),
    Register("other", "Other",
             "Any other site",
             "See the term's note."),
)
_BY_KEY = {r.key: r for r in REGISTERS}

#: (host, text the URL's path must contain or "", register key); the first match wins.
HOST_RULES: tuple[tuple[str, str, str], ...] = (
    ("english.www.gov.cn", "/speeches/", "speech"),  # the Premier's speeches
    ("english.www.gov.cn", "", "central"),
    ("english.gov.cn", "", "central"),  # english.www.gov.cn's older host name
    ("www.gov.cn", "", "central"),
    ("english.scio.gov.cn", "", "central"),
    ("www.scio.gov.cn", "", "central"),
    ("www.mfa.gov.cn", "", "central"),
    ("www.fmprc.gov.cn", "", "central"),
    ("www.npc.gov.cn", "", "central"),  # the National People's Congress
    ("en.cppcc.gov.cn", "", "central"),
    # ministries' English sites (any other gov.cn host is a province or a city)
    ("english.mee.gov.cn", "", "central"),
    ("english.mofcom.gov.cn", "", "central"),
    ("english.moa.gov.cn", "", "central"),
    ("en.ndrc.gov.cn", "", "central"),
    ("en.moe.gov.cn", "", "central"),
    ("english.court.gov.cn", "", "central"),
    ("en.moj.gov.cn", "", "central"),
    # China's embassies and consulates (the Ministry of Foreign Affairs abroad)
    ("china-embassy.gov.cn", "", "central"),
    ("china-consulate.gov.cn", "", "central"),
    # China Keywords (CICG, the Academy of Contemporary China and World Studies and the
    # China Academy of Translation): the national reference for political terms
    ("keywords.china.org.cn", "", "central"),
    ("china.org.cn", "/china_key_words", "central"),
    # Qiushi's English edition: the leader's articles and speeches in official translation
    ("qstheory.cn", "", "speech"),
    # China Theory Online and the People's Daily's congress site: the congress reports'
    # official English and their lists of key terms
    ("en.theorychina.org.cn", "", "speech"),
    ("20th.cpcnews.cn", "", "speech"),
    ("subsites.chinadaily.com.cn", "/npc/", "speech"),  # congress reports, official text
    ("en.wikisource.org", "Report_on_the_Work_of_the_Government", "speech"),
    ("chinadaily.com.cn", "", "news"),
    ("xinhuanet.com", "", "news"),
    ("news.cn", "", "news"),
    ("people.cn", "", "news"),
    ("ecns.cn", "", "news"),
    ("china.org.cn", "", "news"),
    ("china.com.cn", "", "news"),
    ("bjreview.com", "", "news"),
    ("cgtn.com", "", "news"),
    ("globaltimes.cn", "", "news"),
    ("chinatoday.com.cn", "", "news"),
    ("shine.cn", "", "news"),
    ("hellenicshippingnews.com", "", "news"),  # republishes Xinhua's wire copy
    ("shanghaiinvest.com", "", "local"),  # Shanghai's investment promotion agency
    ("gov.cn", "", "local"),  # any other gov.cn host: a province or city
)
#: A glossary `source` naming a congress or work report, or a speech (the part before
#: "; example:", which names the example's source).
SPEECH_SOURCE = re.compile(r"\bReport to the\b|\bWork Report\b|\bReport on the Work\b|"
                           r"\bspeech\b", re.IGNORECASE)


def _host_matches(host: str, rule: str) -> bool:
    return host == rule or host.endswith("." + rule)


def register_of(url: str, source: str = "") -> Register:
    """The register of a rendering seen at `url`; `source` is the glossary's citation
    for a preferred rendering ("" for any other form)."""
    if SPEECH_SOURCE.search(source.split("; example:")[0]):
        return _BY_KEY["speech"]
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for rule_host, path, key in HOST_RULES:
        if _host_matches(host, rule_host) and path in parts.path:
            return _BY_KEY[key]
    return _BY_KEY["other"]


def host_of(url: str) -> str:
    """The host a link is labelled with: ``english.www.gov.cn``."""
    return urlsplit(url).hostname or url

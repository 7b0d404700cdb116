"""A rule's source as a panel member should read it: the citation, without the researchers' notes.

The rule tables keep, beside each citation, notes for the people checking the law ("[S: not read]",
"[U]: keyed on the notice date as ../shared/DOMAIN.md directs"). `panelapp rules` prints them whole for a
legal adviser's audit; the app's screens show the citation alone (the verified flag is shown separately).
"""

from __future__ import annotations

import re

_RESEARCH_NOTE = re.compile(r"\s*\[S:[^\]]*\]")
_UNVERIFIED_NOTE = re.compile(r"\s*\[U\]:?[^;·]*")
_REPO_PATH = re.compile(r"\s*\(?[^\s;()]*DOMAIN\.md[^;()]*\)?")


def shown_source(source: str) -> str:
    text = _RESEARCH_NOTE.sub("", source)
    text = _UNVERIFIED_NOTE.sub("", text)
    text = _REPO_PATH.sub("", text)
    text = re.sub(r"\s*;\s*(;\s*)+", "; ", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")

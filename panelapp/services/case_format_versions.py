"""Case file versions: the one place that says which versions this app reads and how an older one is read.

panelapp writes version 4 and reads 1, 2, 3 and 4 (docs/case-format.md). An older document is checked against
its own schema (as published), then `upgraded` gives it every field the later versions added, at its default.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from panelapp.domain.case_records import not_named_entries
from panelapp.domain.errors import BadInputError, RefusedError
from panelapp.domain.rules import regime_for
from panelapp.domain.text_rules import text_problem
from panelapp.domain.vocabulary import RuleQuestion

FORMAT = "panelapp-case"
VERSION = 4

# The versions this app reads, each with its schema. Version 2 added the fields below; a version-1
# document gets each at the value shown (and no rule-set overrides). Version 3 added each officer's
# decision versions and the case's bundle section titles; an older document has none. Version 4 added the
# people the published notice must not name (`case.not_named_in_public`); an older document lists nobody.
READABLE = {1: "case_format_v1.schema.json", 2: "case_format_v2.schema.json", 3: "case_format_v3.schema.json",
            4: "case_format.schema.json"}
ADDED_IN_V2: dict[str, dict[str, Any]] = {
    "case": {"reg51_notice_on": None, "iopc_direction": False, "reg30_notice_method": None,
             "reg51_notice_method": None, "reg30_deemed_served_on": None, "reg51_deemed_served_on": None,
             "chair_specified_on": None},
    "officer": {"officer_category": "other"},
    "allegation": {"came_to_attention_on": None, "related_to_earlier_on": None, "incident": None},
    "finding": {"facts_reasons": "", "breach_reasons": ""},
    "outcome": {"gm_not_dismissed_reasons": "", "aa_views_on_reduction": ""},
}


def schema(version: int = VERSION) -> dict[str, Any]:
    """The JSON Schema of a case file version this app reads (the one it writes by default)."""
    text = resources.files("panelapp.services").joinpath(READABLE[version]).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def upgraded(document: dict[str, Any], version: int) -> dict[str, Any]:
    """A valid document of `version` as a current-version document (a new object; the input is not changed)."""
    if version == VERSION:
        return document
    doc: dict[str, Any] = json.loads(json.dumps(document))
    doc["version"] = VERSION
    doc["case"]["not_named_in_public"] = ""
    if version >= 3:
        return doc
    doc["bundle_sections"] = []
    for officer in doc["officers"]:
        officer["decision_versions"] = []
    if version >= 2:
        return doc
    added = ADDED_IN_V2
    doc["case"].update(added["case"])
    doc["rule_set_overrides"] = []
    for officer in doc["officers"]:
        officer.update(added["officer"])
        for allegation in officer["allegations"]:
            allegation.update(added["allegation"])
            if allegation["finding"] is not None:
                allegation["finding"].update(added["finding"])
        if officer["outcome"] is not None:
            officer["outcome"].update(added["outcome"])
    return doc


# Fields the forms take as one line (domain/text_rules): a case file may not put a line break in them either.
_ONE_LINE = {"case": ("reference", "force", "pseudonym"), "panel": ("name",),
             "officers": ("name", "rank", "warrant_number", "unit", "representative"),
             "allegations": ("incident",), "evidence": ("title", "author", "exhibit_ref", "device", "wearer"),
             "attachment": ("filename",), "bundle_sections": ("title",), "lqp_advice": ("subject",)}


def _one_line_places(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    places: list[tuple[str, str, Any]] = [("case", f, document["case"].get(f)) for f in _ONE_LINE["case"]]
    for part in ("panel", "bundle_sections", "lqp_advice"):
        places += [(f"{part}/{i}", f, row.get(f)) for i, row in enumerate(document[part]) for f in _ONE_LINE[part]]
    for i, o in enumerate(document["officers"]):
        places += [(f"officers/{i}", f, o.get(f)) for f in _ONE_LINE["officers"]]
        places += [(f"officers/{i}/allegations/{j}", f, a.get(f))
                   for j, a in enumerate(o["allegations"]) for f in _ONE_LINE["allegations"]]
    for i, e in enumerate(document["evidence"]):
        places += [(f"evidence/{i}", f, e.get(f)) for f in _ONE_LINE["evidence"]]
        if e.get("attachment"):
            places += [(f"evidence/{i}/attachment", f, e["attachment"].get(f)) for f in _ONE_LINE["attachment"]]
    return places


def check_v3(document: dict[str, Any]) -> None:
    """What the version-3 schema cannot say: one-line fields hold one line; one title per section letter; an
    officer's versions numbered 1, 2, 3, ... in order; a version's citations name evidence in the file."""
    for where, name, value in _one_line_places(document):
        if isinstance(value, str) and (problem := text_problem(value, one_line=True)):
            raise RefusedError(f"invalid case file at {where}/{name}: {problem[1]}")
    letters = [s["letter"] for s in document["bundle_sections"]]
    for i, letter in enumerate(letters):
        if letter in letters[:i]:
            raise RefusedError(f"invalid case file at bundle_sections/{i}: a second title for section {letter}")
    keys = {e["key"] for e in document["evidence"]}
    for i, o in enumerate(document["officers"]):
        for j, v in enumerate(o["decision_versions"]):
            where = f"officers/{i}/decision_versions/{j}"
            if v["number"] != j + 1:
                raise RefusedError(f"invalid case file at {where}/number: versions must be numbered 1, 2, 3, ... "
                                   "in order")
            try:
                dt.datetime.fromisoformat(v["created_at"])
            except ValueError:
                raise RefusedError(f"invalid case file at {where}/created_at: must be a real date and time") from None
            for f in v["content"]["findings"]:
                for c in f["citations"]:
                    if c["evidence"] is not None and c["evidence"] not in keys:
                        raise RefusedError(f"invalid case file at {where}: a citation names evidence "
                                           "that is not in the file")


def check_v4(document: dict[str, Any]) -> None:
    """The people the published notice must not name: one per line, each by a name (case_records' rule)."""
    try:
        not_named_entries(document["case"]["not_named_in_public"])
    except BadInputError as exc:
        raise RefusedError(f"invalid case file at case/not_named_in_public: {exc.reason}") from None


def check_version(document: Any) -> int:
    """The one place that decides which versions this app reads; returns the document's version."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RefusedError("not a panelapp case file (the \"format\" field is not \"panelapp-case\")")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE:
        shown = str(version) if isinstance(version, int) and abs(version) < 10**6 else "this"
        *earlier, last = (str(v) for v in sorted(READABLE))
        readable = f"{', '.join(earlier)} and {last}" if earlier else last
        raise RefusedError(f"case file version {shown} is not supported (this app reads versions {readable})")
    return version


def check_v1(document: dict[str, Any]) -> None:
    """Version 1 kept one rule set per case, by the date proceedings were issued: it must match that date."""
    case = document["case"]
    if case["regime"] != regime_for(dt.date.fromisoformat(case["issued_on"])).value:
        raise RefusedError("invalid case file: the regime does not match the date proceedings were issued")


def check_v2(document: dict[str, Any]) -> None:
    """Version 2 derives the rule set per question from dates (`case.regime` is kept, not checked); what a
    schema cannot say about those dates and the recorded overrides."""
    for i, o in enumerate(document["officers"]):
        for j, a in enumerate(o["allegations"]):
            earlier, came = a["related_to_earlier_on"], a["came_to_attention_on"]
            if earlier is not None and came is not None and earlier > came:
                raise RefusedError(f"invalid case file at officers/{i}/allegations/{j}/related_to_earlier_on: "
                                   "the earlier related allegation must have come to attention first")
    questions: set[str] = set()
    for i, o in enumerate(document["rule_set_overrides"]):
        if o["question"] in questions:
            raise RefusedError(f"invalid case file at rule_set_overrides/{i}: a second override of the "
                               f"{RuleQuestion(o['question']).label.lower()} rule set")
        questions.add(o["question"])
        try:
            dt.datetime.fromisoformat(o["recorded_at"])
        except ValueError:
            raise RefusedError(f"invalid case file at rule_set_overrides/{i}/recorded_at: "
                               "must be a real date and time") from None

"""Every rule the app enforces, flattened for a legal adviser to audit (`panelapp rules [--regime R]`).

`rule_rows` lists the rows of `legal_tables` — rule-set triggers, outcomes (and outcomes deliberately
absent), restrictions, panels, chair delegation, warnings, time limits, deemed service and the readiness
rules — each with its source and whether it was read in the regulation.
`format_rule_table` renders them as plain text. Pure: the CLI prints the string.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from panelapp.domain import legal_tables as T
from panelapp.domain.vocabulary import Regime


@dataclass(frozen=True)
class RuleRow:
    """One enforced rule: which table, which rule sets it belongs to, what it says, where it comes from."""

    table: str
    regimes: tuple[Regime, ...]  # empty: every rule set
    rule: str
    source: str
    verified: bool


def _all_rows() -> list[RuleRow]:
    rows: list[RuleRow] = []
    for t in T.RULE_SET_TRIGGERS:
        q = t.question.label if t.question else "every question"
        rows.append(RuleRow("rule sets", (), f"{q}, decided by {t.decided_by}: {t.rule}", t.source, t.verified))
    grouped: dict[tuple[tuple[Regime, ...], str, str, bool], list[str]] = {}
    for o in T.OUTCOMES:
        who = "former officer" if o.former_officer else "serving officer"
        key = (o.regimes, f"{o.proceeding.label} · {o.level.label} · {who}", o.source, o.verified)
        grouped.setdefault(key, []).append(o.outcome.label)
    for (regimes, what, source, verified), outcomes in grouped.items():
        rows.append(RuleRow("outcomes", regimes, f"{what}: {', '.join(outcomes)}", source, verified))
    for a in T.ABSENCES:
        who = "former officer" if a.former_officer else "serving officer"
        what = (f"{'/'.join(p.label for p in a.proceedings)} · {'/'.join(lv.label for lv in a.levels)} · {who}: "
                f"NOT {a.outcome.label} — {a.reason}")
        rows.append(RuleRow("outcomes", a.regimes, what, a.source, a.verified))
    rows.append(RuleRow("outcomes", (Regime.R2012,), T.NOT_CHECKED_2012, T.NOT_CHECKED_2012_SOURCE, False))
    for regime, (proceeding, source, verified) in T.FORMER_OFFICER_DEFAULT_PROCEEDING.items():
        rule = f"former officer: referred by default to a {proceeding.label.lower()}"
        rows.append(RuleRow("rule sets", (regime,), rule, source, verified))
    for r in T.RESTRICTIONS:
        rows.append(RuleRow("restrictions", (), f"[{r.id}] {r.reason}", r.source, r.verified))
    for p in T.PANELS:
        roles = ", ".join(role.label for role in p.roles)
        officers = "/".join(c.label.lower() for c in p.officers)
        rows.append(RuleRow("panels", p.regimes, f"{p.proceeding.label} ({officers}): {roles}", p.source, p.verified))
    for delegate in T.CHAIR_DELEGATES.values():
        rows.append(RuleRow("chair delegation", T.CHAIR_DELEGATION_REGIMES, f"a chief officer may delegate the "
                            f"chair (or an accelerated hearing) to {delegate.rule}", delegate.source,
                            delegate.verified))
    rows.append(RuleRow("chair delegation", T.CHAIR_DELEGATION_REGIMES, "never to the senior officer who certified "
                        "the case for an accelerated hearing under reg 49", T.CERTIFIER_BAR_SOURCE,
                        T.CERTIFIER_BAR_VERIFIED))
    for w in T.WARNINGS.values():
        span = f"{w.default_months} months" if w.min_months == w.max_months else (
            f"{w.default_months} months, or up to {w.max_months}")
        rows.append(RuleRow("warnings", (), f"{w.kind.replace('_', ' ')}: {span}", w.source, w.verified))
    rows.append(RuleRow("warnings", (), "career-break days do not count towards a warning's period",
                        T.CAREER_BREAK_SOURCE, T.CAREER_BREAK_VERIFIED))
    rows.append(RuleRow("warnings", (), "a period runs to the day before the corresponding date, or to the end of "
                        "a month that has none", T.PERIOD_RULE_SOURCE, False))
    for d in T.DEADLINES:
        unit = "calendar days" if d.calendar_days else "working days"
        when = "before" if d.before else "from"
        rows.append(RuleRow("time limits", (), f"{d.name}: {d.days} {unit} {when} {d.counted_from}"
                            + (f" ({d.note})" if d.note else ""), d.regulation, d.verified))
    for s in T.DEEMED_SERVICE:
        rule = ("deemed date not modelled: record it" if s.working_days_after is None
                else f"{s.working_days_after} working days after sending")
        since = f" (from {s.first_day:%d %b %Y})" if s.first_day else ""
        regimes = (s.rule_set,) if s.rule_set is not None else ()
        rows.append(RuleRow("deemed service", regimes, f"{s.method}{since}: {rule}", s.source, s.verified))
    for check in T.READINESS_RULES:
        rows.append(RuleRow("readiness", check.regimes, f"[{check.key}] {check.rule}", check.source,
                            check.verified))
    return rows


def rule_rows(regime: Regime | str | None = None) -> list[RuleRow]:
    """Every rule, or only those that apply under `regime` (rows for every rule set are always kept)."""
    rows = _all_rows()
    if regime is None:
        return rows
    wanted = Regime(regime)
    return [r for r in rows if not r.regimes or wanted in r.regimes]


def format_rule_table(rows: Iterable[RuleRow]) -> str:
    """Plain text, grouped by table: one rule per line, then its source and [verified] or [UNVERIFIED]."""
    out: list[str] = []
    current = None
    rows = list(rows)
    for r in rows:
        if r.table != current:
            current = r.table
            if out:
                out.append("")
            out.append(f"== {r.table.upper()} ==")
        regimes = ", ".join(x.value for x in r.regimes) if r.regimes else "all"
        flag = "verified" if r.verified else "UNVERIFIED"
        out.append(f"- [{regimes}] {r.rule}")
        out.append(f"    source: {r.source} [{flag}]")
    total, checked = len(rows), sum(r.verified for r in rows)
    out.append("")
    out.append(f"{total} rules; {checked} verified against the regulation's text, {total - checked} not "
               "(secondary source or unread): treat those as uncertain.")
    return "\n".join(out) + "\n"

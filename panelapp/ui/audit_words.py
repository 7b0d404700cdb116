"""The audit log in plain words and local time; the codes and UTC stay in tooltips (and in the log itself)."""

from __future__ import annotations

from datetime import UTC, datetime

from panelapp.domain.document_kinds import DocumentKind

ACTION_WORDS: dict[str, str] = {
    "audit.state-tracking-started": "Began recording each case's state",
    "store.backup": "Store backed up",
    "store.rekey": "Passphrase changed",
    "case.create": "Case created",
    "case.update": "Case details changed",
    "case.close": "Case closed",
    "case.reopen": "Case reopened",
    "case.status": "Case status changed",
    "case.delete": "Case deleted",
    "case.demo_created": "Demo case created",
    "case.export": "Case exported to a file",
    "case.import": "Case imported from a file",
    "case.rule-set-override": "Rule set chosen by hand",
    "case.state-recorded": "Case state recorded",
    "case.state-migrated": "Case state recorded (upgrade)",
    "attachment.import": "File stored",
    "attachment.recorded": "File recorded (kept outside the store)",
    "attachment.state-migrated": "File state recorded (upgrade)",
    "evidence.add": "Bundle item added",
    "evidence.import": "Files imported into the bundle",
    "evidence.link": "Bundle item linked to allegations",
    "evidence.move": "Bundle item moved",
    "evidence.remove": "Bundle item removed",
    "evidence.restore": "Bundle item put back",
    "evidence.statement": "Statement edited",
    "evidence.media": "Recording details edited",
    "evidence.vetting": "Vetting history edited",
    "evidence.document": "Item details edited",
    "evidence.section-add": "Bundle section added",
    "evidence.section-remove": "Bundle section removed",
    "evidence.section-title": "Bundle section renamed",
    "allegations.added": "Allegation added",
    "allegations.updated": "Allegation changed",
    "allegations.removed": "Allegation removed",
    "allegations.restored": "Allegation put back",
    "allegations.renumbered": "Allegations renumbered",
    "notes.set": "Private page note saved",
    "notes.clear": "Private page note deleted",
    "decision.finding-set": "Finding changed",
    "decision.citations-set": "Finding's citations changed",
    "decision.incident-set": "Incident details changed",
    "decision.seriousness-set": "Seriousness assessment changed",
    "decision.outcome-set": "Outcome changed",
    "decision.why-not-set": "Reasons for not choosing an outcome changed",
    "decision.marked-final": "Decision marked final",
    "decision.marked-final-override": "Decision marked final (checks overridden, with a reason)",
    "decision.reopened": "Decision reopened",
    "deliberation.note-added": "Member's private note added",
    "deliberation.note-updated": "Member's private note changed",
    "deliberation.note-removed": "Member's private note removed",
    "deliberation.vote-set": "Member's vote recorded",
    "deliberation.advice-added": "Legal advice recorded",
    "deliberation.advice-updated": "Legal advice changed",
    "deliberation.advice-removed": "Legal advice removed",
}
PEOPLE = {"officer": "Officer", "panel-member": "Panel member", "warning": "Warning"}
PEOPLE_VERBS = {"added": "added", "updated": "changed", "removed": "removed", "restored": "put back"}


def action_words(code: str) -> str:
    """What an audit action code means, in words ("evidence.move" → "Bundle item moved")."""
    if code in ACTION_WORDS:
        return ACTION_WORDS[code]
    area, _, rest = code.partition(".")
    if area == "document":
        verb, _, kind = rest.partition(".")
        try:
            name = DocumentKind(kind).label
        except ValueError:
            name = kind.replace("_", " ").capitalize()
        return {"export": f"{name} saved to a file", "print": f"{name} printed"}.get(verb, f"{name}: {verb}")
    if area == "people":
        who, _, verb = rest.rpartition("-")
        if who in PEOPLE and verb in PEOPLE_VERBS:
            return f"{PEOPLE[who]} {PEOPLE_VERBS[verb]}"
    words = " ".join(part.replace("-", " ").replace("_", " ") for part in code.split("."))
    return words[:1].upper() + words[1:]


def local_time(at_utc: str) -> str:
    """"2026-03-01T09:15:02.123456+00:00" → "2026-03-01 09:15:02" in this computer's time zone."""
    try:
        moment = datetime.fromisoformat(at_utc)
    except ValueError:
        return at_utc[:19].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")

"""The command line: every store operation without the GUI. A stable contract (README, tests).

Exit codes: 0 done; 1 done with problems (a file refused, verify found damage); 2 usage; 3 cannot unlock;
4 not a panelapp store, damaged, or newer than this app; 5 in use by another process; 6 the environment
refused (read-only file or file system, disk full, file-size limit, I/O error).
Errors are one line on stderr, `panelapp: error: …`, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from panelapp import __version__
from panelapp.domain.errors import KnownError, UsageError, os_environment_error
from panelapp.domain.names import printable_name
from panelapp.domain.vocabulary import EvidenceKind, Regime, RuleQuestion

if TYPE_CHECKING:  # `panelapp open` shows the window without the store stack; commands load it when they run
    from panelapp.services.panel_services import PanelServices
    from panelapp.services.rule_set_service import RuleSetView

PASSPHRASE_ENV = "PANELAPP_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret
NEW_PASSPHRASE_ENV = "PANELAPP_NEW_PASSPHRASE"  # noqa: S105


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'panelapp --help')")


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError(f"no passphrase: set {PASSPHRASE_ENV} or run in a terminal")
    return getpass.getpass(prompt)


def _passphrase() -> str:
    return os.environ.get(PASSPHRASE_ENV) or _ask("Passphrase: ")


def _new_passphrase(*, allow_current_env: bool) -> str:
    given = os.environ.get(NEW_PASSPHRASE_ENV) or (os.environ.get(PASSPHRASE_ENV) if allow_current_env else None)
    if given:
        return given
    first = _ask("New passphrase: ")
    if first != _ask("Repeat the new passphrase: "):
        raise UsageError("the two passphrases differ; nothing was changed")
    if not first:
        raise UsageError("the passphrase must not be empty")
    return first


def _shown(path: object) -> str:
    """A path as a success line may print it: control characters (newlines, escapes) shown as '?'."""
    return printable_name(os.fsdecode(str(path)))


def _services() -> type[PanelServices]:
    from panelapp.services.panel_services import PanelServices

    return PanelServices


def _open(path: str, *, inspect: bool = False) -> PanelServices:
    services = _services().open(path, _passphrase, inspect=inspect)
    if services.migration_note:
        print(f"panelapp: note: {services.migration_note}", file=sys.stderr)
    if services.rollback_warning and not inspect:
        print(f"panelapp: warning: {services.rollback_warning}", file=sys.stderr)
    return services


def _cmd_init(a: argparse.Namespace) -> int:
    _services().create(a.store, _new_passphrase(allow_current_env=True)).close()
    print(f"created {_shown(a.store)}")
    return 0


def _cmd_demo(a: argparse.Namespace) -> int:
    with _services().create(a.store, _new_passphrase(allow_current_env=True)) as services:
        reference = services.build_demo(dt.date.today())
    print(f"created {_shown(a.store)} holding the fictional demo case {reference}")
    return 0


def _cmd_cases(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        cases = services.list_cases()
    rows = [("REFERENCE", "OFFICERS", "PROCEEDING", "STATUS")]
    rows += [(c.reference, "; ".join(c.officers) or "-", c.proceeding, c.status) for c in cases]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
    return 0


def _cmd_import(a: argparse.Namespace) -> int:
    from panelapp.services.evidence_import import Placement

    placement = Placement(kind=EvidenceKind(a.kind) if a.kind else None, section=a.section,
                          reference_only=a.reference_only)
    with _open(a.store) as services:
        results = services.import_files(a.case, a.files, placement)
    for r in results:
        print(r.message, file=sys.stdout if r.ok else sys.stderr)
    refused = sum(not r.ok for r in results)
    print(f"{len(results) - refused} imported, {refused} refused")
    return 1 if refused else 0


def _cmd_export_case(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        if a.output == "-":
            from panelapp.services.case_exchange import dumps

            sys.stdout.write(dumps(services.export_case(a.case)))
            return 0
        digest = services.export_case_to(a.case, a.output, force=a.force)
    print(f"exported {_shown(a.case)} to {_shown(a.output)} (sha256 {digest})")
    return 0


def _cmd_import_case(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        reference = services.import_case_file(a.file)
    print(f"imported case {reference}")
    return 0


def _cmd_verify(a: argparse.Namespace) -> int:
    expect = a.expect_head.strip().lower() if a.expect_head else None
    if expect is not None and (len(expect) != 64 or any(c not in "0123456789abcdef" for c in expect)):
        raise UsageError("--expect-head takes the 64-hex-digit audit head that backup or verify printed")
    with _open(a.store, inspect=True) as services:
        report = services.verify()
        problems = list(report.problems)
        if expect is not None and not services.has_audit_entry(expect):
            problems.append(f"the store's audit log does not hold the expected head {expect[:12]}…: it is older "
                            "than that point (rolled back) or a different store")
        rollback = services.rollback_warning
        if rollback and a.accept_rollback:
            services.accept_as_current()
            print("note: this store is now taken as current on this computer (rollback accepted)")
        elif rollback:
            print(f"warning: {rollback}")
    for p in problems:
        print(f"DAMAGE: {p}")
    for n in report.notes:
        print(f"note: {n}")
    print(f"audit log: {report.audit_entries} entries, head {report.audit_head}")
    print(f"attachments: {report.attachments_checked} verified against their SHA-256")
    print("verify: ok" if not problems else f"verify: {len(problems)} problem(s) found; restore from a backup")
    return 0 if not problems else 1


def _cmd_backup(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        result = services.backup(a.dest)
    print(f"backup written to {_shown(result.path)} and verified ({sum(result.rows.values())} rows)")
    print(f"sha256 {result.sha256}")
    print(f"audit head {result.store_head} (keep it: 'panelapp verify STORE --expect-head HEAD' tells whether "
          "a store was later rolled back behind this point)")
    print(f"the backup's own audit head is {result.audit_head}")
    return 0


def _cmd_notice(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        digest = services.save_notice(a.case, a.output, public=a.public, draft=a.draft, force=a.force)
        checks = services.public_notice_checks(a.case) if a.public else None
    what = "public outcome notice" if a.public else "outcome notice"
    print(f"{'draft ' if a.draft else ''}{what} for {_shown(a.case)} written to {_shown(a.output)} (sha256 {digest})")
    for n in sorted({n for n, _ in checks.unlisted} if checks else ()):  # names stay off the terminal (and logs)
        print(f"panelapp: warning: allegation {n} of the public notice still names someone after a title or rank; "
              "if they must not be named in public, list them under \"Not named in public\" (Edit case)",
              file=sys.stderr)
    if checks and checks.shared:
        print("panelapp: warning: someone on the case's \"Not named in public\" list shares a name with the officer; "
              "a mention by that name alone is left as written in the public notice: check the allegations",
              file=sys.stderr)
    return 0


def _cmd_bundle(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        digest = services.save_bundle(a.case, a.output, force=a.force)
    print(f"hearing bundle for {_shown(a.case)} written to {_shown(a.output)} (sha256 {digest})")
    return 0


def _cmd_passwd(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        services.change_passphrase(_new_passphrase(allow_current_env=False))
    print(f"passphrase changed for {_shown(a.store)}")
    return 0


def _cmd_rules(a: argparse.Namespace) -> int:
    from panelapp.domain.rule_catalogue import format_rule_table, rule_rows

    sys.stdout.write(format_rule_table(rule_rows(a.regime)))
    return 0


def _print_rule_sets(views: Sequence[RuleSetView]) -> None:
    from panelapp.domain.rule_sets import RuleSetDecision, describe

    for line in describe([RuleSetDecision(v.question, v.rule_set, v.why, v.source, v.verified, v.overridden)
                          for v in views]):
        print(line)
    for v in views:
        if v.overridden and v.rule_set is not None:
            print(f"override: {v.question.value} → {v.rule_set.label}; reason: {v.override_reason}")
        if v.outcome_checking_unavailable:
            print("outcome checking is not available: the case is under the Police (Conduct) Regulations 2012, "
                  "whose outcomes this app does not check (it never applies the 2020 tables to it)")


def _cmd_rule_sets(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        views = services.rule_sets(a.case)
    _print_rule_sets(views)
    return 0


def _cmd_override_rules(a: argparse.Namespace) -> int:
    with _open(a.store) as services:
        view = services.override_rule_set(a.case, a.question, a.rule_set, a.reason)
        views = services.rule_sets(a.case)
    print(f"override recorded for {a.case}: {view.question.label} → {Regime(a.rule_set).label}")
    _print_rule_sets(views)
    return 0


def _cmd_gui(a: argparse.Namespace) -> int:
    from panelapp.app import run_gui

    return run_gui(getattr(a, "store", None))


def _parser() -> _Parser:
    p = _Parser(prog="panelapp", description="Case-file assistant for police misconduct hearing panels.",
                epilog=f"Passphrases come from {PASSPHRASE_ENV} (and {NEW_PASSPHRASE_ENV} for a new one), "
                       "else they are asked on the terminal; never as an argument.")
    p.add_argument("--version", action="version", version=f"panelapp {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str, *args: str) -> _Parser:
        sp = sub.add_parser(name, help=help_, description=help_)
        for arg in args:
            sp.add_argument(arg)
        sp.set_defaults(fn=fn)
        return sp

    gui = add("open", _cmd_gui, "start the desktop app (on STORE's unlock form; without one, the welcome screen)")
    gui.add_argument("store", nargs="?")
    add("init", _cmd_init, "create an empty store", "store")
    add("demo", _cmd_demo, "create a store holding the fictional demo case DEMO-001", "store")
    add("cases", _cmd_cases, "list cases: reference, officer(s), proceeding, status", "store")
    imp = add("import", _cmd_import, "import evidence files into a case; a line per file", "store", "case")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--section", help="bundle section letter (default A)")
    imp.add_argument("--kind", choices=[k.value for k in EvidenceKind], help="evidence kind (default by content)")
    imp.add_argument("--reference-only", action="store_true",
                     help="keep name, size and SHA-256 only, not the bytes (for very large video)")
    exp = add("export-case", _cmd_export_case, "whole case as versioned JSON (no file bytes; hashes)",
              "store", "case")
    exp.add_argument("-o", "--output", required=True, metavar="F.json", help="output file, or - for stdout")
    exp.add_argument("--force", action="store_true", help="replace an existing output file (never a store)")
    add("import-case", _cmd_import_case, "create a case from an export-case JSON file", "store", "file")
    ver = add("verify", _cmd_verify, "integrity checks, audit chain, every attachment hash", "store")
    ver.add_argument("--expect-head", metavar="HEAD",
                     help="an audit head printed earlier (by backup): fail if the store is behind it")
    ver.add_argument("--accept-rollback", action="store_true",
                     help="take this store as current on this computer after restoring an older copy on purpose")
    add("backup", _cmd_backup, "verified encrypted backup", "store", "dest")
    add("passwd", _cmd_passwd, "change the passphrase", "store")
    notice = add("notice", _cmd_notice, "the outcome notice to the officer (or the public notice) as a PDF",
                 "store", "case")
    notice.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    notice.add_argument("--public", action="store_true", help="the public outcome notice (anonymised if ordered)")
    notice.add_argument("--draft", action="store_true", help="a draft, watermarked, before the decision is final")
    notice.add_argument("--force", action="store_true", help="replace an existing output file (never a store)")
    bundle = add("bundle", _cmd_bundle, "the paginated hearing bundle as one PDF", "store", "case")
    bundle.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    bundle.add_argument("--force", action="store_true", help="replace an existing output file (never a store)")
    rules = add("rules", _cmd_rules, "print the rule tables the app enforces, with sources and verified flags")
    rules.add_argument("--regime", choices=[r.value for r in Regime],
                       help="only the rules of one rule set (2012, 2020, 2024, 2025)")
    add("rule-sets", _cmd_rule_sets, "which rules apply to a case, per question, and why (with any override)",
        "store", "case")
    ovr = add("override-rules", _cmd_override_rules,
              "record that a rule set answers one question of a case whatever the dates say, with the reason",
              "store", "case")
    ovr.add_argument("--question", required=True, choices=[q.value for q in RuleQuestion])
    ovr.add_argument("--rule-set", required=True, choices=[r.value for r in Regime])
    ovr.add_argument("--reason", required=True, help="why (e.g. the IOPC directed a re-investigation on …)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            return _cmd_gui(args)
        return int(args.fn(args))
    except KnownError as exc:
        print(f"panelapp: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("panelapp: interrupted; nothing more was written", file=sys.stderr)
        return 130
    except (OSError, json.JSONDecodeError) as exc:
        filename = getattr(exc, "filename", None)
        name = Path(os.fsdecode(filename)).name if filename else "a file"
        env = os_environment_error(exc, name) if isinstance(exc, OSError) else None
        if env is not None:
            print(f"panelapp: error: {env}", file=sys.stderr)
            return env.exit_code
        detail = getattr(exc, "strerror", None) or exc.__class__.__name__
        print(f"panelapp: error: {name}: {detail}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: say so in one line, never a traceback (PANELAPP_DEBUG=1 shows it)
        if os.environ.get("PANELAPP_DEBUG"):
            raise
        print(f"panelapp: error: internal error ({exc.__class__.__name__}); please report it", file=sys.stderr)
        return 1

"""A writer for the crash tests: loops over real writes on a store and prints an ACK line after each
commit is acknowledged. The parent SIGKILLs it at a random moment. Test-only: cheap KDF.

usage: python -m tests.reliability.writer STORE WORKDIR SEED
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from panelapp.domain.errors import CannotUnlockError
from panelapp.models import keys
from panelapp.services.panel_services import PanelServices

PASSPHRASES = ("first passphrase", "second passphrase")


def open_store(path: Path) -> tuple[PanelServices, str]:
    for p in PASSPHRASES:
        try:
            return PanelServices.open(path, p), p
        except CannotUnlockError:
            continue
    raise SystemExit("neither passphrase opens the store")


def ack(*words: object) -> None:
    sys.stdout.write("ACK " + " ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()


def main() -> None:
    keys.DEFAULT_KDF = keys.TEST_ONLY_KDF
    store, work, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    template = json.loads((work / "case-template.json").read_text())
    services, current = open_store(store)
    try:
        for n in range(10_000):
            op = rng.choice(("import", "import", "case", "backup", "passwd"))
            tag = f"{seed}-{n}"
            if op == "import":
                f = work / f"note-{tag}.txt"
                f.write_text(f"note {tag}\n" * rng.randint(1, 2000))
                [result] = services.import_files("DEMO-001", [f])
                assert result.ok, result.message
                ack("import", f.name)
            elif op == "case":
                doc = json.loads(json.dumps(template))
                doc["case"]["reference"] = f"CRASH-{tag}"
                services.import_case(doc)
                ack("case", f"CRASH-{tag}")
            elif op == "backup":
                services.backup(work / "backups" / f"b-{tag}.panel")
                ack("backup", f"b-{tag}.panel")
            else:
                new = PASSPHRASES[1 - PASSPHRASES.index(current)]
                services.change_passphrase(new)
                current = new
                ack("passwd", PASSPHRASES.index(new))
    finally:
        services.close()


if __name__ == "__main__":
    main()

"""How the window opens a store: functions run on the database thread, which import the services (and with
them SQLAlchemy, Alembic, SQLCipher, ReportLab, pikepdf) only when called, never at start-up."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from panelapp.services.panel_services import PanelServices

StoreOpener = Callable[[str, str], "PanelServices"]  # (path, passphrase) -> the open store's services
SERVICES_MODULE = "panelapp.services.panel_services"  # what the window loads ahead on the database thread


def open_store(path: str, passphrase: str) -> PanelServices:
    from panelapp.services.panel_services import PanelServices

    return PanelServices.open(path, passphrase)


def create_store(path: str, passphrase: str) -> PanelServices:
    from panelapp.services.panel_services import PanelServices

    return PanelServices.create(path, passphrase)


def open_or_create_demo(path: str, passphrase: str) -> PanelServices:
    from panelapp.services.panel_services import PanelServices

    if os.path.exists(path):
        return PanelServices.open(path, passphrase)
    Path(path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    services = PanelServices.create(path, passphrase)
    try:
        services.build_demo(date.today())
    except BaseException:
        services.close()
        raise
    return services

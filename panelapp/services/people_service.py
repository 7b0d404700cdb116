"""PeopleService: officers (with warnings), representatives and the panel."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class PeopleService(AreaService):
    """The use cases over officers (with warnings), representatives and the panel."""

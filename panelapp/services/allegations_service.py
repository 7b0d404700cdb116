"""AllegationService: allegations: particulars, standards, alleged level, incidents."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class AllegationService(AreaService):
    """The use cases over allegations."""

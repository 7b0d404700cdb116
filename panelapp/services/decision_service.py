"""DecisionService: findings, seriousness, outcome, deliberation and decision versions (issue #9)."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class DecisionService(AreaService):
    """The use cases of drafting one officer's decision."""

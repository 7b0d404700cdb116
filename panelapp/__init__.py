"""panelapp: an offline case-file assistant for police misconduct hearing panels (England & Wales)."""

__version__ = "0.1.0"

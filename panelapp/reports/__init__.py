"""ReportLab: plain data in, PDF bytes out. Deterministic output (invariant=1)."""

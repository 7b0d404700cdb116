"""Use cases: one public method = one unit of work; plain data in and out."""

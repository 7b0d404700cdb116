"""Pure rules and plain data: no Qt, no SQL, no files."""

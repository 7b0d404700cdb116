"""PySide6 widgets. Talks to services only, and only through ui.ops (the database thread)."""

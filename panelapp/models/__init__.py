"""The encrypted store: SQLAlchemy typed models, key handling, migrations."""

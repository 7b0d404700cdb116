"""Alembic environment: runs in-process on the store's already-keyed connection (never a URL)."""

from alembic import context

from panelapp.models.schema import FTS_TABLE, Base


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The FTS5 index and its shadow tables are created by hand in 0002 and are not mapped.
    return not (type_ == "table" and name and name.startswith(FTS_TABLE))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

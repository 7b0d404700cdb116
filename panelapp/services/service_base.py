"""The one shape of an area service: a class over a session factory, returning domain data.

Each area (`cases`, `people`, `allegations`, `evidence`, `search`, `notes`, `audit`) is one class taking
the store's session factory. A public method is one unit of work: reads return frozen domain dataclasses
made by explicit converters (`to_domain`), with real enums; writes take domain data and return `Changes`
(what changed, for which case, and the write's result in `value`). Bad input raises `BadInputError`
naming the field and the reason; a missing object `NotFoundError`. ORM rows never leave the service.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TypeVar

from sqlalchemy.orm import Session

from panelapp.domain.errors import NotFoundError

SessionFactory = Callable[[], AbstractContextManager[Session]]


class AreaService:
    """Base of the area services: holds the session factory (one unit of work per `with self._session()`)."""

    def __init__(self, session: SessionFactory) -> None:
        self._session = session


M = TypeVar("M")


def fetch(session: Session, model: type[M], ident: int, what: str, hint: str = "") -> M:
    """The row of `model` with id `ident`, or `NotFoundError` "no <what> with id N in this store<hint>"."""
    row = session.get(model, ident)
    if row is None:
        raise NotFoundError(f"no {what} with id {ident} in this store{hint}")
    return row

"""Reading an attachment's bytes as stored: a seekable file over its chunk rows, one chunk at a time."""

from __future__ import annotations

import bisect
import io

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelapp.models.schema import AttachmentChunk


class StoredFileReader(io.RawIOBase):
    """A seekable, read-only view of one attachment's bytes as stored (chunks in `seq` order, whatever
    their sizes), reading a chunk at a time from the caller's transaction and keeping at most
    `cache_chunks` of them in memory, so memory stays bounded whatever the file's size."""

    def __init__(self, session: Session, attachment_id: int, *, cache_chunks: int = 4) -> None:
        super().__init__()
        self._session, self._id, self._cache_chunks = session, attachment_id, cache_chunks
        rows = session.execute(select(AttachmentChunk.seq, func.length(AttachmentChunk.data))
                               .where(AttachmentChunk.attachment_id == attachment_id)
                               .order_by(AttachmentChunk.seq)).all()
        self._seqs = [seq for seq, _ in rows]
        self._starts: list[int] = []
        total = 0
        for _, length in rows:
            self._starts.append(total)
            total += length or 0
        self._size, self._pos = total, 0
        self._cache: dict[int, bytes] = {}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if index not in self._cache:
            if len(self._cache) >= self._cache_chunks:
                self._cache.pop(next(iter(self._cache)))
            data = self._session.scalar(select(AttachmentChunk.data).where(
                AttachmentChunk.attachment_id == self._id, AttachmentChunk.seq == self._seqs[index]))
            self._cache[index] = bytes(data or b"")
        return self._cache[index]

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        written = 0
        while written < len(view) and self._pos < self._size:
            index = bisect.bisect_right(self._starts, self._pos) - 1
            chunk = self._chunk(index)
            offset = self._pos - self._starts[index]
            piece = chunk[offset:offset + len(view) - written]
            if not piece:
                break
            view[written:written + len(piece)] = piece
            written += len(piece)
            self._pos += len(piece)
        return written

    def read_all(self) -> bytes:
        """The whole file (for the small things that are read whole: an image placed on a page)."""
        self.seek(0)
        return b"".join(self._chunk(i) for i in range(len(self._seqs)))

"""A PDF written straight to a stream, object by object, with pages copied from other PDFs one source at a time.

pikepdf (qpdf) holds the whole output document, and every source it was copied from, until it saves:
memory grows with the bundle. Here each object is written as soon as it is known, so a source can be
closed as soon as its pages are copied; what stays in memory is an offset per object. Objects are
serialised by qpdf (`unparse`) and only their references renumbered; stream data is copied raw (the
evidence's own compressed bytes, never decoded). Output is deterministic: the same inputs give the
same bytes, and the file identifier is a hash of the bytes before it.
"""

from __future__ import annotations

import hashlib
import re
from typing import BinaryIO

import pikepdf
from pikepdf import Name, Pdf

# A literal string (qpdf escapes every parenthesis and backslash in one) or an indirect reference "12 0 R".
_TOKENS = re.compile(rb"\((?:[^\\)]|\\.)*\)|(?<![\w.+\-/#])(\d+) (\d+) R(?![\w])", re.DOTALL)
_NOT_COPIED = (Name.Pages, Name.Catalog)  # a source's page tree and catalog never come along


class StreamingPdfWriter:
    """Numbers objects, writes each once, and ends with the cross-reference table and trailer."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._position = 0
        self._hash = hashlib.md5(usedforsecurity=False)
        self._offsets: dict[int, int] = {}
        self._next = 1
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._hash.update(data)
        self._position += len(data)

    def reserve(self) -> int:
        """A new object number, to be written later (references to it may be written first)."""
        number = self._next
        self._next += 1
        return number

    def write_object(self, number: int, body: bytes) -> None:
        if number in self._offsets or number >= self._next:  # pragma: no cover - a bug in the caller
            raise ValueError(f"object {number} written twice or never reserved")
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def write_stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """`dictionary` is `<< … >>` without /Length, which is set here."""
        head = dictionary[:-2].rstrip() + b" /Length %d >>" % len(data)
        self.write_object(number, head + b"\nstream\n" + data + b"\nendstream")

    def finish(self, root: int, info: int) -> None:
        missing = [n for n in range(1, self._next) if n not in self._offsets]
        if missing:  # pragma: no cover - a bug in the caller
            raise ValueError(f"objects reserved but never written: {missing[:5]}")
        start = self._position
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % self._next]
        lines += [b"%010d 00000 n \n" % self._offsets[n] for n in range(1, self._next)]
        self._write(b"".join(lines))
        digest = self._hash.hexdigest().encode("ascii")
        self._write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] >>\nstartxref\n%d\n%%%%EOF\n"
                    % (self._next, root, info, digest, digest, start))


class ObjectCopier:
    """Copies objects of one open source PDF into the writer: each indirect object once, references
    renumbered. `alias` maps a source object to an output object written elsewhere (a page of the
    bundle, the shared stamp font); the source's page tree and catalog are written as null."""

    def __init__(self, writer: StreamingPdfWriter, source: Pdf) -> None:
        self._writer = writer
        self._source = source
        self._numbers: dict[tuple[int, int], int] = {}
        self._queue: list[tuple[int, int]] = []

    def alias(self, obj: pikepdf.Object, number: int) -> None:
        self._numbers[obj.objgen] = number

    def placeholder(self, number: int) -> pikepdf.Object:
        """A new indirect object of the source that stands for output object `number` in references."""
        stand_in = self._source.make_indirect(pikepdf.Dictionary())
        self.alias(stand_in, number)
        return stand_in

    def ref(self, objgen: tuple[int, int]) -> int:
        number = self._numbers.get(objgen)
        if number is None:
            number = self._numbers[objgen] = self._writer.reserve()
            self._queue.append(objgen)
        return number

    def _renumber(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group(0)  # a string: left exactly as it is
        return b"%d 0 R" % self.ref((int(match.group(1)), int(match.group(2))))

    def body(self, obj: pikepdf.Object) -> bytes:
        """`obj` (a direct object, or an indirect one's own value) with its references renumbered."""
        return _TOKENS.sub(self._renumber, obj.unparse(resolved=True))

    def flush(self) -> None:
        """Write every object referenced so far (and what they reference)."""
        while self._queue:
            objgen = self._queue.pop()
            number = self._numbers[objgen]
            obj = self._source.get_object(objgen)
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_raw_bytes()
                dictionary = obj.stream_dict
                if Name.Length in dictionary:
                    del dictionary[Name.Length]
                self._writer.write_stream(number, self.body(dictionary), data)
            elif isinstance(obj, pikepdf.Dictionary) and obj.get(Name.Type) in _NOT_COPIED:
                self._writer.write_object(number, b"null")
            else:
                self._writer.write_object(number, self.body(obj))


def pdf_string(text: str) -> bytes:
    """A text string as PDF syntax (PDFDocEncoding where it can, else UTF-16BE)."""
    return bytes(pikepdf.String(text).unparse())

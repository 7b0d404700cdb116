"""Bring evidence files into a case: hash while streaming, check, keep the original bytes unchanged.

Each file is one unit of work: it is imported whole (bytes, metadata, extracted text, audit entry) or
refused with a one-line reason and nothing of it written. A batch carries on past a refused file.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import io
import os
import secrets
import stat
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

import pikepdf
import pypdfium2 as pdfium
from PIL import Image
from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from panelapp.domain.case_data import ImportResult
from panelapp.domain.errors import KnownError, NotFoundError, RefusedError, StoreEnvironmentError
from panelapp.domain.evidence_records import ImportOutcome, ProgressReporter
from panelapp.domain.names import printable_name
from panelapp.domain.text_rules import plain_file_text, searchable
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.models.schema import FTS_TABLE, FTS_TEXTS, Attachment, AttachmentChunk, Case, EvidenceItem, pack_text
from panelapp.services.audit_state import record_attachment_state, record_case_state, record_untracked_state
from panelapp.services.service_base import SessionFactory
from panelapp.services.stored_files import StoredFileReader

MiB = 1024 * 1024
MAX_STORED_BYTES = 512 * MiB  # larger files (long videos) can be kept as a reference only
CHUNK_BYTES = 1 * MiB
MAX_IMAGE_PIXELS = 100_000_000  # 100 megapixels, e.g. 10 000 × 10 000
MAX_IMAGE_SIDE = 30_000
MAX_TEXT_CHARS = 5_000_000
MAX_INFLATED_STREAM = 64 * MiB  # one decoded PDF stream
MAX_INFLATED_TOTAL = 256 * MiB  # all decoded streams of one PDF
_IMAGE_CODECS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}  # never decoded for text
_LZW_RATIO_BOUND = 4096  # worst-case LZW expansion: a 12-bit code stands for at most 4096 bytes
_PARSED_TYPES = ("application/pdf", "image/", "text/plain")
_T = TypeVar("_T")

_TEXT_INSERT = text(f"INSERT INTO {FTS_TEXTS} (id, packed) VALUES (:rowid, :packed)")
_FTS_INSERT = text(f"INSERT INTO {FTS_TABLE} (rowid, content) VALUES (:rowid, :content)")
_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".webp", ".bmp"}
# Failures while a parser reads that are not the file's: the store (read through StoredFileReader), memory.
_NOT_THE_FILES_FAULT = (SQLAlchemyError, MemoryError)

def display_name(name: str, limit: int = 80) -> str:
    """A file name fit for a one-line message: control characters as '?', long names shortened."""
    return printable_name(name, limit) or "(no name)"


def storable_name(name: str) -> str:
    """The name as stored: undecodable bytes (surrogate escapes) become U+FFFD so SQLite can hold it."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def sniff(head: bytes) -> str:
    """The media type by content (the extension is only checked against it)."""
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    signatures = (
        (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"), (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"BM", "image/bmp"),
        (b"\x1a\x45\xdf\xa3", "video/x-matroska"), (b"ID3", "audio/mpeg"), (b"PK\x03\x04", "application/zip"),
    )
    for magic, media in signatures:
        if head.startswith(magic):
            return media
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:11] == b"M4A" else "video/mp4"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo", b"WEBP": "image/webp"}.get(
            head[8:12], "application/octet-stream")
    if b"\x00" not in head:
        with contextlib.suppress(UnicodeDecodeError):
            head.decode("utf-8")
            return "text/plain"
    return "application/octet-stream"


def default_kind(media_type: str) -> EvidenceKind:
    if media_type.startswith("image/"):
        return EvidenceKind.PHOTO
    if media_type.startswith("audio/"):
        return EvidenceKind.AUDIO
    if media_type in ("application/pdf", "text/plain", "application/zip"):
        return EvidenceKind.DOCUMENT
    return EvidenceKind.OTHER


@dataclass(frozen=True)
class Checked:
    page_count: int | None = None
    text: str = ""


class _TooLarge(Exception):
    pass


def _inflated_size(raw: bytes, filters: list[str], limit: int) -> int:
    """Decode a Flate/ASCII filter chain with a hard bound on output; other chains by a size bound."""
    data = raw
    for name in filters:
        if name == "/FlateDecode":
            d = zlib.decompressobj()
            try:
                data = d.decompress(data, limit + 1)
            except zlib.error:
                return len(data)  # damaged stream: nothing more to inflate; the text extraction judges it
            if len(data) > limit or d.unconsumed_tail:
                raise _TooLarge
        elif name == "/ASCIIHexDecode":
            data = binascii.unhexlify(b"".join(data.split()).rstrip(b">")[: 2 * limit])
        elif name == "/ASCII85Decode":
            with contextlib.suppress(ValueError):
                data = base64.a85decode(data.strip().removesuffix(b"~>").removeprefix(b"<~"))
        elif name in _IMAGE_CODECS:
            return len(data)
        elif len(data) * (_LZW_RATIO_BOUND if name == "/LZWDecode" else 128) > limit:
            raise _TooLarge  # LZW / RunLength: bounded by their worst-case ratio
    return len(data)


def _filters(obj: pikepdf.Stream) -> list[str]:
    raw_filters = obj.stream_dict.get("/Filter")
    if raw_filters is None:
        return []
    if isinstance(raw_filters, pikepdf.Array):
        return [str(f) for f in raw_filters]
    return [str(raw_filters)]


def _declared_length(obj: pikepdf.Stream) -> int:
    with contextlib.suppress(TypeError, ValueError, pikepdf.PdfError):
        return max(int(obj.stream_dict.get("/Length", 0)), 0)
    return 0


def _scan_streams(pdf: pikepdf.Pdf) -> None:
    """Refuse a PDF any of whose streams would inflate past the limits (a decompression bomb).

    Images are never decoded (text extraction does not draw them), so their bytes are not read here; an
    unfiltered stream counts its length without being read.
    """
    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.stream_dict.get("/Subtype") == pikepdf.Name.Image:
            continue
        filters = _filters(obj)
        if not filters:
            total += _declared_length(obj)
        else:
            try:
                total += _inflated_size(obj.read_raw_bytes(), filters, MAX_INFLATED_STREAM)
            except _TooLarge:
                raise RefusedError(
                    f"a stream in this PDF inflates beyond {MAX_INFLATED_STREAM // MiB} MiB (a decompression bomb?)"
                ) from None
        if total > MAX_INFLATED_TOTAL:
            raise RefusedError(f"this PDF's streams inflate beyond {MAX_INFLATED_TOTAL // MiB} MiB in all")


def _tail(source: BinaryIO, size: int) -> bytes:
    source.seek(max(size - 2048, 0))
    tail = source.read(2048)
    source.seek(0)
    return tail


def check_pdf(data: bytes | BinaryIO) -> Checked:
    """Open with pikepdf (structure, encryption, pages, every stream's inflated size); then extract text.

    Reads from a seekable binary file (the bytes as stored) so a large PDF is never held whole in memory.
    """
    source: BinaryIO = io.BytesIO(data) if isinstance(data, bytes) else data
    size = source.seek(0, io.SEEK_END)
    if b"%%EOF" not in _tail(source, size):
        raise RefusedError("truncated PDF (no end-of-file marker); ask for a complete copy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _check_pdf(source)


def _check_pdf(source: BinaryIO) -> Checked:
    try:
        with pikepdf.open(source) as pdf:
            pages = len(pdf.pages)
            _scan_streams(pdf)
    except RefusedError:
        raise
    except pikepdf.PasswordError as exc:
        raise RefusedError("password-protected PDF; ask for an unprotected copy") from exc
    except _NOT_THE_FILES_FAULT:
        raise
    except Exception as exc:  # qpdf's reading of hostile bytes: any failure of its own is the file's
        raise RefusedError("damaged PDF that cannot be read") from exc
    if pages == 0:
        raise RefusedError("PDF with no pages")
    source.seek(0)
    return Checked(page_count=pages, text=pdf_text(source))


def pdf_text(source: BinaryIO) -> str:
    """Each page's text, pages joined by "\n\f", at most MAX_TEXT_CHARS, read by PDFium (pypdfium2).

    Call only once `_scan_streams` has bounded every stream the text could need (PDFium decodes content
    streams and fonts, never images, for text). PDFium reads the file through `source` a block at a time
    and each page is closed before the next, so memory stays bounded. Measured against pypdf on the same
    files (`make bench`, docs/PERFORMANCE.md): the same words, about 3x faster.
    """
    reader = _Reads(source)
    try:
        document = pdfium.PdfDocument(reader)
        try:
            return _pages_text(document)
        finally:
            document.close()
    except _NOT_THE_FILES_FAULT:
        raise
    except Exception as exc:  # PDFium meets hostile bytes here: any failure of its own is the file's, not ours
        if reader.failure is not None:  # the store failed under PDFium's reads: that is not the file's fault
            raise reader.failure from exc
        raise RefusedError("damaged PDF whose text cannot be read") from exc


def _pages_text(document: pdfium.PdfDocument) -> str:
    parts: list[str] = []
    size = 0
    for number in range(len(document)):
        page = document[number]
        try:
            textpage = page.get_textpage()
            try:
                text = searchable(textpage.get_text_range())  # PDFium's CR LF and marks
            finally:
                textpage.close()
        finally:
            page.close()
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n\f".join(parts)[:MAX_TEXT_CHARS]


class _Reads:
    """The file as PDFium reads it (through callbacks that swallow exceptions): keeps the store's own failure
    (a read error, no memory) so it is reported as ours, not as a damaged file."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.failure: BaseException | None = None

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._source.seek(offset, whence)

    def tell(self) -> int:
        return self._source.tell()

    def read(self, size: int = -1) -> bytes:
        return self._guard(lambda: self._source.read(size))

    def readinto(self, buffer: bytearray | memoryview) -> int:
        return self._guard(lambda: int(self._source.readinto(buffer)))  # type: ignore[attr-defined]

    def _guard(self, read: Callable[[], _T]) -> _T:
        try:
            return read()
        except _NOT_THE_FILES_FAULT as exc:
            self.failure = exc
            raise


def check_image(data: bytes | BinaryIO) -> Checked:
    """Read the header only (no pixel decoding) and refuse absurd dimensions before anything else."""
    source: BinaryIO = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd chunks; our one line says what matters
            return _check_image(source)
    except Image.DecompressionBombError as exc:
        raise RefusedError("image too large (its header declares over 100 megapixels)") from exc
    except (RefusedError, *_NOT_THE_FILES_FAULT):
        raise
    except Exception as exc:  # Pillow's header parsers on hostile bytes: any failure of theirs is the file's
        raise RefusedError("damaged or unreadable image") from exc


def _check_image(source: BinaryIO) -> Checked:
    with Image.open(source) as im:
        width, height = im.size
        if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
            raise RefusedError(f"image too large ({width} × {height} pixels; the limit is 100 megapixels)")
        im.verify()
    return Checked()


def _check_content(media_type: str, source: BinaryIO) -> Checked:
    if media_type == "application/pdf":
        return check_pdf(source)
    if media_type.startswith("image/"):
        return check_image(source)
    if media_type == "text/plain":  # a typed statement: searchable like a PDF's pages
        source.seek(0)
        return Checked(text=plain_file_text(source.read(4 * MAX_TEXT_CHARS), MAX_TEXT_CHARS))
    return Checked()


def _check_extension(name: str, media_type: str) -> None:
    ext = Path(name).suffix.lower()
    if ext == ".pdf" and media_type != "application/pdf":
        raise RefusedError("not a PDF (its content does not match the .pdf name)")
    if ext in _IMAGE_EXTENSIONS and not media_type.startswith("image/"):
        raise RefusedError(f"not an image (its content does not match the {ext} name)")


def _read_chunks(fd: int) -> Iterator[bytes]:
    while block := os.read(fd, CHUNK_BYTES):
        yield block


def _exact_chunks(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The same bytes in pieces of exactly CHUNK_BYTES (the last one shorter), whatever size came in."""
    pending = bytearray()
    for block in blocks:
        pending += block
        while len(pending) >= CHUNK_BYTES:
            yield bytes(pending[:CHUNK_BYTES])
            del pending[:CHUNK_BYTES]
    if pending:
        yield bytes(pending)


@dataclass(frozen=True)
class Placement:
    kind: EvidenceKind | None = None
    section: str | None = None
    title: str | None = None
    reference_only: bool = False


DEFAULT_PLACEMENT = Placement()


def ingest(
    session: Session,
    case: Case,
    name: str,
    chunks: Iterable[bytes],
    size: int,
    placement: Placement,
    position: int | None = None,
) -> EvidenceItem:
    """Store one file's bytes (hashing while streaming them into the chunk table, before any parsing),
    check them as stored, and create its evidence item. Audited: the attachment's and the case's state.

    Runs in the caller's transaction; raises RefusedError leaving the caller to roll back. Memory stays
    bounded by a few chunks whatever the file's size: nothing holds the whole file. `position` is where the
    item goes in its section when the caller knows it (a batch counts on from its first file); otherwise
    after the section's last item.
    """
    name = storable_name(name)
    if size == 0:
        raise RefusedError("empty file (0 bytes)")
    if size > MAX_STORED_BYTES and not placement.reference_only:
        raise RefusedError(
            f"{size / MiB:.0f} MiB is over the {MAX_STORED_BYTES // MiB} MiB limit for evidence kept in the store; "
            "import it as a reference only (name, size and hash)"
        )
    record_untracked_state(session)
    keep = not placement.reference_only
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    staged: Attachment | None = None
    if keep:  # a record to hang the chunks on until the hash is known (sha256 is unique)
        staged = Attachment(sha256=f"staged-{secrets.token_hex(16)}", size=size, filename=name,
                            media_type="application/octet-stream", reference_only=False, bytes_present=False,
                            page_count=None, created_at=now)
        session.add(staged)
        session.flush()
    digest = hashlib.sha256()
    total = 0
    media_type: str | None = None
    chunk_table: Table = AttachmentChunk.__table__  # type: ignore[assignment]
    for seq, block in enumerate(_exact_chunks(chunks)):
        if media_type is None:
            media_type = sniff(block[:8192])
            _check_extension(name, media_type)
        digest.update(block)
        total += len(block)
        if total > size:
            raise RefusedError("the file grew while it was being read; try again when it is complete")
        if staged is not None:  # straight to the table: no ORM object keeps the bytes alive
            session.execute(insert(chunk_table), {"attachment_id": staged.id, "seq": seq, "data": block})
    if total != size or media_type is None:
        raise RefusedError("the file changed size while it was being read; try again when it is complete")
    sha = digest.hexdigest()

    attachment = session.scalar(select(Attachment).where(Attachment.sha256 == sha))
    if attachment is not None:
        existing = session.scalar(select(EvidenceItem).where(
            EvidenceItem.case_id == case.id, EvidenceItem.attachment_id == attachment.id))
        if existing is not None:
            raise RefusedError(
                f"already in this case as {existing.section}{existing.position} (same SHA-256 {sha[:12]}…)")
    new_bytes = staged is not None and (attachment is None or not attachment.bytes_present)
    checked = Checked()
    if new_bytes and media_type.startswith(_PARSED_TYPES):
        assert staged is not None
        checked = _check_content(media_type, io.BufferedReader(StoredFileReader(session, staged.id)))
    changed = True
    if attachment is None and staged is not None:
        attachment = staged
        attachment.sha256, attachment.media_type, attachment.bytes_present = sha, media_type, True
        attachment.page_count = checked.page_count
    elif attachment is None:
        attachment = Attachment(
            sha256=sha, size=size, filename=name, media_type=media_type, reference_only=True, bytes_present=False,
            page_count=None, created_at=now)
        session.add(attachment)
    elif staged is not None and new_bytes:  # a record awaiting its bytes: they are these
        session.execute(update(chunk_table).where(chunk_table.c.attachment_id == staged.id)
                        .values(attachment_id=attachment.id))
        attachment.bytes_present, attachment.reference_only = True, False
        attachment.page_count = checked.page_count
    else:
        changed = False
    if staged is not None and attachment is not staged:
        session.execute(delete(chunk_table).where(chunk_table.c.attachment_id == staged.id))
        session.delete(staged)
    session.flush()
    if new_bytes and checked.text.strip():
        session.execute(_TEXT_INSERT, {"rowid": attachment.id, "packed": pack_text(checked.text)})  # kept once
        session.execute(_FTS_INSERT, {"rowid": attachment.id, "content": checked.text})  # indexed, not kept
    section = (placement.section or "A").upper()
    if position is None:
        position = next_position(session, case.id, section)
    item = EvidenceItem(
        case_id=case.id, kind=(placement.kind or default_kind(media_type)).value,
        title=placement.title or _title_from(name), section=section, position=position,
        attachment_id=attachment.id, media_sha256=sha,
    )
    session.add(item)
    session.flush()
    if changed:
        record_attachment_state(session, attachment.id, "attachment.import")
    record_case_state(session, case.id, "evidence.import")
    return item


def next_position(session: Session, case_id: int, section: str) -> int:
    """The position after the section's last item (1 for an empty section)."""
    return (session.scalar(select(func.max(EvidenceItem.position)).where(
        EvidenceItem.case_id == case_id, EvidenceItem.section == section)) or 0) + 1


def _stopped(progress: ProgressReporter) -> bool:
    """Whether the user asked to stop: `check()` raises a KnownError then (the UI's CancelledError)."""
    try:
        progress.check()
    except KnownError:
        return True
    return False


def _refuse_unreadable(path: Path) -> tuple[int, int]:
    """Open a path for import without following links; returns (fd, size) or raises RefusedError."""
    try:
        st = os.lstat(path)
    except FileNotFoundError as exc:
        raise RefusedError("no such file") from exc
    except OSError as exc:
        raise RefusedError(f"cannot read ({exc.strerror})") from exc
    if stat.S_ISLNK(st.st_mode):
        raise RefusedError("a symbolic link (not followed); import the file it points to")
    if stat.S_ISDIR(st.st_mode):
        raise RefusedError("a directory; import the files inside it")
    if not stat.S_ISREG(st.st_mode):
        raise RefusedError("not a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise RefusedError(f"cannot read ({exc.strerror})") from exc
    return fd, os.fstat(fd).st_size


class EvidenceImportService:
    """Import files from disk into a case (a line per file)."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._session = sessions

    def import_files(
        self, case_reference: str, paths: Iterable[str | os.PathLike[str]], placement: Placement = DEFAULT_PLACEMENT,
        progress: ProgressReporter | None = None,
    ) -> list[ImportResult]:
        """One result per file. With `progress`: each file is reported before it starts, and the batch stops
        between files once `progress.check()` raises (a file is never stopped half-way; those finished stay)."""
        return list(self.import_batch(case_reference, paths, placement, progress).results)

    def import_batch(
        self, case_reference: str, paths: Iterable[str | os.PathLike[str]], placement: Placement = DEFAULT_PLACEMENT,
        progress: ProgressReporter | None = None,
    ) -> ImportOutcome:
        """As `import_files`, also saying whether the user cancelled and which files were not started."""
        with self._session() as s:
            if s.scalar(select(Case.id).where(Case.reference == case_reference)) is None:
                raise NotFoundError(f"no case {case_reference!r} in this store")
        todo = [Path(p) for p in paths]
        results: list[ImportResult] = []
        # Where the next item goes, found once for the batch and counted on (each file is its own unit of work,
        # all on this one thread, so nothing else places items meanwhile): no per-file scan of the section.
        position: int | None = None
        for n, path in enumerate(todo):
            if progress is not None:
                if _stopped(progress):
                    left = tuple(display_name(os.fsdecode(p.name) or str(p)) for p in todo[n:])
                    return ImportOutcome(tuple(results), cancelled=True, not_started=left)
                progress.report(n, len(todo), display_name(os.fsdecode(path.name) or str(path)))
            result, position = self._import_one(case_reference, path, placement, position)
            results.append(result)
        if progress is not None:
            progress.report(len(todo), len(todo), "")
        return ImportOutcome(tuple(results))

    def _import_one(self, case_reference: str, path: Path, placement: Placement, position: int | None
                    ) -> tuple[ImportResult, int | None]:
        """The file's result, and the position the batch's next item takes."""
        shown = display_name(os.fsdecode(path.name) or str(path))
        try:
            fd, size = _refuse_unreadable(path)
            try:
                with self._session() as s:
                    case = s.scalar(select(Case).where(Case.reference == case_reference))
                    assert case is not None
                    if position is None:
                        position = next_position(s, case.id, (placement.section or "A").upper())
                    item = ingest(s, case, os.fsdecode(path.name), _read_chunks(fd), size, placement, position)
                    label, sha = f"{item.section}{item.position}", item.media_sha256
                    pages = item.attachment.page_count if item.attachment else None
            finally:
                os.close(fd)
        except RefusedError as exc:
            return ImportResult(shown, False, f"{shown}: refused: {exc}"), position
        except StoreEnvironmentError as exc:  # disk full, file-size limit, I/O: this file only, said per file
            return ImportResult(shown, False, f"{shown}: not imported: {exc}"), position
        except MemoryError:
            return ImportResult(shown, False, f"{shown}: refused: not enough memory to check this file"), position
        extra = f", {pages} page{'s' * (pages != 1)}" if pages else ""
        kept = "reference only" if placement.reference_only else "stored"
        return ImportResult(shown, True, f"{shown}: imported as {label} ({kept}{extra}, sha256 {sha[:12]}…)",
                            item.id, sha), item.position + 1


def _title_from(name: str) -> str:
    """An item's title from its file name: one printable line (a control character, a line break or a
    direction override in a file name shows as '?', as in every message), at most 500 characters."""
    return printable_name(Path(name).stem or name, 500)

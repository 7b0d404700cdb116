"""Reading our PDFs back the way a reader, a viewer and qpdf would."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text; no-break spaces read as spaces."""
    return [page.extract_text().replace("\u00a0", " ") for page in reader(pdf).pages]


def full_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def in_order(text: str, *parts: str) -> bool:
    """Every part occurs in `text`, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _fonts(obj: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    resources = obj.get("/Resources")
    if resources is None:
        return
    yield from resources.get("/Font", {}).values()
    for xobject in resources.get("/XObject", {}).values():
        key = xobject.objgen
        if key in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(key)
        yield from _fonts(xobject, seen)


def fonts(pdf: bytes) -> list[pikepdf.Dictionary]:
    """Every font a page (or a form on it) uses."""
    out = []
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in _fonts(page.obj, seen):
                descendant = font.get("/DescendantFonts")
                target = descendant[0] if descendant is not None else font
                descriptor = target.get("/FontDescriptor")
                out.append(pikepdf.Dictionary({
                    "/BaseFont": target.get("/BaseFont"),
                    "/Embedded": pikepdf.Boolean(descriptor is not None and any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))}))
    return out


def assert_fonts_embedded_and_subset(pdf: bytes) -> None:
    found = fonts(pdf)
    assert found
    for font in found:
        name = str(font["/BaseFont"])
        assert bool(font["/Embedded"]), f"{name} is not embedded"
        assert name[7:8] == "+" and name[1:7].isupper(), f"{name} is not a subset"


def qpdf_check(pdf: bytes) -> None:
    """`qpdf --check` finds nothing; skipped where qpdf is not installed (apt-get install qpdf)."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    with tempfile.TemporaryDirectory() as folder:  # fictional test data only
        path = Path(folder) / "check.pdf"
        path.write_bytes(pdf)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert b"No syntax or stream encoding errors" in result.stdout


def metadata_text(pdf: bytes) -> str:
    """Everything in the document information dictionary and XMP metadata, as one string."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = " ".join(f"{k}={v}" for k, v in doc.docinfo.items())
        xmp = bytes(doc.Root.Metadata.read_bytes()).decode("utf-8", "replace") if "/Metadata" in doc.Root else ""
    return info + " " + xmp


def lang(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.Root.get("/Lang", ""))

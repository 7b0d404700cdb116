"""Fonts, colours, page geometry and paragraph styles as data: one look for every document we write.

The fonts are DejaVu Sans (Bitstream Vera licence, `resources/fonts/LICENSE-DejaVu.txt`): Latin with
Vietnamese, Greek, Cyrillic, Hebrew and Arabic, so the names a force deals with render and extract as
typed. ReportLab embeds a subset of each TTF in every PDF.

Each face is registered twice. The house fonts (`FONT`, `FONT_BOLD`) are never shaped: HarfBuzz would
kern them and, as ReportLab asks it for ligatures (discretionary ones too), draw "st" as "ﬆ" and "ffi"
as "ﬃ", which then extract as those characters. Words in right-to-left scripts are set in the shaped
faces (`FONT_SHAPED`, `FONT_BOLD_SHAPED`, see `parts.esc`), which join Arabic letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

FONT = "PanelSans"
FONT_BOLD = "PanelSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
FONT_SHAPED = "PanelSansShaped"
FONT_BOLD_SHAPED = "PanelSansShaped-Bold"
SHAPED_FONTS = {FONT_SHAPED: FONT_FILES[FONT], FONT_BOLD_SHAPED: FONT_FILES[FONT_BOLD]}
SHAPED_FACE = {FONT: FONT_SHAPED, FONT_BOLD: FONT_BOLD_SHAPED}  # the shaped face of each house font
LANGUAGE = "en-GB"
PRODUCER = "panelapp"

PAGE = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#505a5f")
ACCENT = colors.HexColor("#1d3557")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f0f2f4")
MARKING = colors.HexColor("#a4161a")
WATERMARK = colors.Color(0.80, 0.10, 0.10, alpha=0.13)


def _font_dir_candidates() -> list[Path]:
    here = Path(__file__).resolve()
    return [here.parents[2] / "resources" / "fonts", here.parent / "fonts"]


@cache
def font_dir() -> Path:
    """Where the bundled TTFs are: `resources/fonts` in the source tree (editable installs)."""
    for candidate in _font_dir_candidates():
        if all((candidate / name).is_file() for name in FONT_FILES.values()):
            return candidate
    raise RuntimeError("panelapp's fonts (resources/fonts/DejaVuSans*.ttf) are missing from this installation")


class UnshapedTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TTF that ReportLab never hands to HarfBuzz, even in a paragraph whose style asks for shaping
    (ReportLab shapes a word only if its font gives a HarfBuzz font)."""

    def hbFont(self, fontSize: float = 10) -> None:
        raise AttributeError("the house Latin faces are not shaped")


class ShapedTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """The same TTF under a face name of its own: ReportLab registers one font per face name (a second font
    of the same face is handed the first), and this one must be shaped where the house font is not."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face.name = TTFNameBytes(bytes(self.face.name) + b"-Shaped")


@cache
def register_fonts() -> None:
    """Register the TTF family once per process (idempotent)."""
    folder = font_dir()
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(UnshapedTTFont(name, str(folder / filename)))
    for name, filename in SHAPED_FONTS.items():
        pdfmetrics.registerFont(ShapedTTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    pdfmetrics.registerFontFamily(FONT_SHAPED, normal=FONT_SHAPED, bold=FONT_BOLD_SHAPED, italic=FONT_SHAPED,
                                  boldItalic=FONT_BOLD_SHAPED)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document uses, by role."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cover_title: ParagraphStyle
    cover_line: ParagraphStyle
    cover_note: ParagraphStyle
    cover_name: ParagraphStyle
    quote: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()

    def style(name: str, *, font: str = FONT, size: float = 9.5, leading: float | None = None,
              color: colors.Color = INK, before: float = 0, after: float = 0, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.38,
                              textColor=color, spaceBefore=before, spaceAfter=after, **kw)

    return Styles(
        title=style("Title", font=FONT_BOLD, size=16, leading=20, color=ACCENT, after=1.5 * mm),
        subtitle=style("Subtitle", size=10, color=MUTED, after=4 * mm),
        h1=style("H1", font=FONT_BOLD, size=11.5, leading=15, color=ACCENT, before=5 * mm, after=2 * mm,
                 keepWithNext=1),
        h2=style("H2", font=FONT_BOLD, size=10, leading=13.5, before=3 * mm, after=1.2 * mm, keepWithNext=1),
        body=style("Body", after=2 * mm, alignment=TA_LEFT),
        small=style("Small", size=7.5, color=MUTED),
        label=style("Label", font=FONT_BOLD, size=8, color=MUTED),
        cell=style("Cell", size=8.8),
        cell_bold=style("CellBold", font=FONT_BOLD, size=8.8),
        cover_title=style("CoverTitle", font=FONT_BOLD, size=24, leading=30, color=ACCENT, alignment=TA_CENTER,
                          after=6 * mm),
        cover_line=style("CoverLine", size=12, leading=17, alignment=TA_CENTER, after=1 * mm),
        cover_note=style("CoverNote", size=9.5, color=MUTED, alignment=TA_CENTER, after=1.5 * mm),
        cover_name=style("CoverName", font=FONT_BOLD, size=15, leading=20, alignment=TA_CENTER, after=1 * mm),
        quote=style("Quote", size=9.5, leftIndent=5 * mm, color=INK, after=2 * mm),
    )

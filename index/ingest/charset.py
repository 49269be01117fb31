"""The text of a web page's bytes: its character encoding found as browsers find it.

Order: a byte-order mark; valid UTF-8 (a legacy page is almost never valid UTF-8 by chance,
while a UTF-8 page mislabelled as Latin-1 is common); the charset the server declared; the one
the page declares (`<meta charset>`, `http-equiv`, an XML declaration) in its first bytes;
charset-normalizer's guess; else Windows-1252 with the undecodable bytes replaced.

Written here rather than taken from trafilatura's `decode_file`, which skips the declarations
(a short Latin-1 page is then guessed, sometimes as another code page), and w3lib/bs4 are not
dependencies for one regular expression.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

# How the encoding was found; "detected" and "replaced" are said to the user.
Found = Literal["bom", "utf-8", "declared", "detected", "replaced"]

PRESCAN_BYTES = 4096
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
# Labels browsers read as Windows-1252 (the WHATWG Encoding standard): its printable 0x80-0x9F
# (curly quotes, dashes, the euro sign) are what such pages mean by those bytes.
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class PageText:
    """A page decoded: `text`, the `encoding` used, and how it was `found`."""

    text: str
    encoding: str
    found: Found

    @property
    def note(self) -> str:
        """What the user should know about the decoding, or ""."""
        if self.found == "detected":
            return f"no usable charset declared: read as {self.encoding} (detected)"
        if self.found == "replaced":
            return "the charset could not be found: undecodable bytes replaced by �"
        return ""


def decode_page(data: bytes, declared: str | None = None) -> PageText:
    """`data` as text; `declared` is the charset of the HTTP Content-Type, when fetched."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return PageText(data.decode(encoding, errors="replace"), encoding, "bom")
    try:
        return PageText(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    for label in (declared, page_charset(data)):
        known = _browser_label(label) if label else None
        if known and (text := _strict(data, known)) is not None:
            return PageText(text, known, "declared")
    guess = _guess(data)
    if guess:
        return guess
    return PageText(data.decode("cp1252", errors="replace"), "cp1252", "replaced")


def _guess(data: bytes) -> PageText | None:
    """charset-normalizer's best reading of `data`, when it decodes the whole of it."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    text = _strict(data, best.encoding)
    return PageText(text, best.encoding, "detected") if text is not None else None


def page_charset(data: bytes) -> str | None:
    """The charset the page itself declares in its first bytes, else None."""
    found = _DECLARED.search(data[:PRESCAN_BYTES])
    if not found:
        return None
    return (found[1] or found[2]).decode("ascii").strip().lower()


def _browser_label(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None

"""PDF files made by the tests themselves (pdfium writes them, or they are written by hand)."""

from __future__ import annotations

import ctypes
import io
from pathlib import Path


def deck(path: Path, texts: list[str], size: tuple[float, float] = (960, 540)) -> Path:
    """A PDF of one page per text, each with its text written on it (Helvetica)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for text in texts:
        page = pdf.new_page(*size)
        if text:
            font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 36.0)
            wide = (text + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(wide), raw.FPDF_WIDESTRING))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, size[1] / 2)
            raw.FPDFPage_InsertObject(page.raw, obj)
            raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    path.write_bytes(out.getvalue())
    return path


def by_hand(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF written object by object, with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + trailer + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def encrypted(path: Path) -> Path:
    """A one-page PDF under the standard security handler whose user password is not empty:
    no reader opens it without the password (its /U entry matches no empty password)."""
    data = by_hand(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <"
            + b"11" * 32
            + b"> /U <"
            + b"22" * 32
            + b"> /P -4 >>",
        ],
        b" /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>"
        b" <00112233445566778899aabbccddeeff>]",
    )
    path.write_bytes(data)
    return path


def without_pages(path: Path) -> Path:
    path.write_bytes(by_hand([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path

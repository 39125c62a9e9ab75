"""Turn bytes (PDF, UTF-8 text or Markdown) into a `Document`."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from .errors import InputError
from .models import Document, Page

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_document(data: bytes, filename: str | None) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "not_text", f"{filename or 'input'} is neither a PDF nor UTF-8 text (byte {exc.start})"
        ) from None
    # A form feed separates pages, as in text exported from a PDF.
    pages = [Page(number=i, text=chunk) for i, chunk in enumerate(text.split("\f"), start=1)]
    return Document(
        sha256=sha256_of(data), source="text", title=None, filename=filename, pages=pages
    )


def _pdf_document(data: bytes, filename: str | None, password: str | None) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            if password:
                raise InputError("wrong_password", "the password is wrong for this PDF")
            raise InputError("encrypted", "the PDF is encrypted: give its password (--password)")
        pages = [
            Page(number=i, text=page.extract_text() or "")
            for i, page in enumerate(reader.pages, start=1)
        ]
        title = reader.metadata.title if reader.metadata else None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        raise InputError("damaged", f"the PDF could not be read ({type(exc).__name__})") from None
    return Document(
        sha256=sha256_of(data),
        source="pdf",
        title=str(title) if title else None,
        filename=filename,
        pages=pages,
    )


def load_bytes(data: bytes, filename: str | None = None, password: str | None = None) -> Document:
    if data.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") >= 0:
        return _pdf_document(data, filename, password)
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".pdf":
        raise InputError("not_pdf", f"{filename} is not a PDF (no %PDF- header)")
    if suffix and suffix not in TEXT_SUFFIXES:
        raise InputError(
            "unsupported", f"{filename}: only PDF, plain text and Markdown can be analysed"
        )
    return _text_document(data, filename)


def load_path(path: Path | str, password: str | None = None) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError("not_a_file", f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    return load_bytes(data, path.name, password)

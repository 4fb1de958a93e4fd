"""Guideline documents as the knowledge base sees them, and how files become them.

Only documents an admin hands over enter the knowledge base: clinic guidelines,
protocols, reference text. Patient records never do; the triage pipeline reads
from the knowledge base and never writes to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import ValidationError

SUPPORTED_EXTENSIONS = (".md", ".txt", ".pdf", ".jsonl")
MAX_DOCUMENT_CHARS = 2_000_000  # a guideline larger than this is almost surely the wrong file
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class SourceDocument:
    """One document ready to be chunked and indexed."""

    doc_id: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class DocumentInfo:
    """A document held by the knowledge base (what `kb list` shows)."""

    doc_id: str
    title: str
    source: str
    chunks: int
    sha256: str
    imported_at: str


@dataclass(frozen=True)
class Hit:
    """One retrieved passage: the best chunk of a matching document."""

    doc_id: str
    chunk_id: str
    title: str
    text: str
    score: float


def validate_document(doc_id: str, title: str, text: str, source: str, where: str = "document") -> SourceDocument:
    """Checks one document's fields and returns it normalised.

    Args:
        doc_id: stable identifier; re-importing the same id replaces the document.
        title: human-readable title (defaults to the id when blank).
        text: the guideline text.
        source: where the document comes from (publisher, file, version).
        where: how to name the document in an error ("file x.md", "x.jsonl line 3").

    Raises:
        ValidationError: a field is missing, empty or malformed.
    """
    if not isinstance(doc_id, str) or not _ID_PATTERN.match(doc_id.strip()):
        raise ValidationError(
            f"{where}: id",
            f"'{doc_id}' is not a usable document id",
            "use 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
        )
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"{where}: text", "is empty", "give the document's text")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise ValidationError(
            f"{where}: text", f"is {len(text):,} characters", f"split it into documents under {MAX_DOCUMENT_CHARS:,}"
        )
    title = (title or "").strip() if isinstance(title, str) else ""
    source = (source or "").strip() if isinstance(source, str) else ""
    return SourceDocument(doc_id.strip(), title or doc_id.strip(), text.strip(), source)


def slug(name: str) -> str:
    """A document id made from a file name ("Chest Pain v2" -> "chest-pain-v2")."""
    value = re.sub(r"[^A-Za-z0-9._:\-]+", "-", name.strip()).strip("-.").lower()
    return value[:128] or "document"


def load_file(path: Path) -> list[SourceDocument]:
    """Reads one file into documents (.md, .txt and .pdf: one; .jsonl: one per line).

    Raises:
        ValidationError: unsupported extension, unreadable, empty or malformed file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise ValidationError(
            f"file {path.name}", f"extension '{suffix or '(none)'}' is not supported",
            "import .md, .txt, .pdf or .jsonl files",
        )
    if not path.is_file():
        raise ValidationError(f"file {path}", "does not exist or is not a file", "check the path")
    if path.stat().st_size == 0:
        raise ValidationError(f"file {path.name}", "is empty", "choose a file with guideline text")
    if suffix == ".pdf":
        return [_load_pdf(path)]
    raw = _read_text(path)
    if suffix == ".jsonl":
        return _load_jsonl(path, raw)
    return [_load_markdown(path, raw)]


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"file {path.name}", f"is not UTF-8 text (byte {exc.start})", "save it as UTF-8 and import again"
        ) from None


def _load_markdown(path: Path, raw: str) -> SourceDocument:
    """A .md or .txt file; an optional '---' header may give id, title and source."""
    header: dict = {}
    body = raw
    match = _FRONT_MATTER.match(raw)
    if match:
        import yaml

        try:
            header = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ValidationError(
                f"file {path.name}: header", f"cannot be read ({exc.__class__.__name__})",
                "write the header as 'key: value' lines between two '---' lines",
            ) from None
        if not isinstance(header, dict):
            raise ValidationError(f"file {path.name}: header", "is not a list of 'key: value' lines", "fix the header")
        body = raw[match.end():]
    title = str(header.get("title") or "") or _first_heading(body) or path.stem
    return validate_document(
        str(header.get("id") or slug(path.stem)), title, body, str(header.get("source") or path.name),
        where=f"file {path.name}",
    )


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.lstrip("#").strip()[:200] if line.startswith("#") else ""
    return ""


def _load_pdf(path: Path) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, OSError) as exc:
        raise ValidationError(
            f"file {path.name}", f"is not a readable PDF ({exc})", "export it again as PDF, or import it as text"
        ) from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ValidationError(
            f"file {path.name}", "has no extractable text (scanned image?)", "import a text PDF or a .txt/.md file"
        )
    return validate_document(slug(path.stem), str(meta_title) or path.stem, text, path.name, where=f"file {path.name}")


def _load_jsonl(path: Path, raw: str) -> list[SourceDocument]:
    """One document per line: {"id", "title", "text", "source"}; a bad line stops the whole file."""
    documents: list[SourceDocument] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(where, f"is not valid JSON ({exc.msg})", 'write one {"id", "title", "text", "source"} object per line') from None
        if not isinstance(row, dict):
            raise ValidationError(where, "is not a JSON object", 'write one {"id", "title", "text", "source"} object per line')
        for field in ("id", "text"):
            if field not in row:
                raise ValidationError(f"{where}: {field}", "is missing", 'each line needs "id" and "text"')
        doc = validate_document(str(row["id"]), str(row.get("title") or ""), row["text"] if isinstance(row["text"], str) else "",
                                str(row.get("source") or path.name), where=where)
        if doc.doc_id in seen:
            raise ValidationError(f"{where}: id", f"'{doc.doc_id}' repeats line {seen[doc.doc_id]}", "give every document its own id")
        seen[doc.doc_id] = number
        documents.append(doc)
    if not documents:
        raise ValidationError(f"file {path.name}", "has no documents", 'write one {"id", "title", "text", "source"} object per line')
    return documents

"""What the LMS packages share: deterministic zips, stable identifiers, XML bytes.

A package is the same bytes for the same input: entries sorted by name, every entry
dated 1980-01-01 00:00 (the earliest date a zip can hold), permissions rw-r--r--,
deflated at a fixed level. Identifiers are derived from their names with SHA-256, so
re-exporting after an edit keeps the identifiers of what did not change.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Characters XML 1.0 cannot hold (the glossary checker refuses them; dropped here too,
#: so a package is never malformed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def zip_bytes(files: Mapping[str, bytes | str]) -> bytes:
    """A zip of `files` (name → content), the same bytes for the same files."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            data = files[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data,
                        compresslevel=9)
    return buf.getvalue()


def ident(*parts: str) -> str:
    """A stable identifier: ``g`` and 32 hex digits (a valid XML ID and QTI ident)."""
    return "g" + hashlib.sha256("\x1f".join(("termdrills", *parts)).encode()).hexdigest()[:32]


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def esc(text: str) -> str:
    """Glossary text as HTML text (for fields an LMS reads as HTML)."""
    return html.escape(clean(text), quote=True)


def sub(parent: ET.Element, tag: str, text: str | None = None, /, **attrs: str) -> ET.Element:
    """A child element with optional text (cleaned; the serializer escapes it)."""
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = clean(text)
    return child


def xml_text(root: ET.Element) -> str:
    """The document with an XML declaration (UTF-8), indented by two spaces."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def xml_bytes(root: ET.Element) -> bytes:
    """`xml_text` as UTF-8 bytes."""
    return xml_text(root).encode("utf-8")

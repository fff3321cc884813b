"""PDFs under content/ (slides, handouts) published without their document metadata.

A PDF names its author, the machine's user, the program and the dates in
its Info dictionary and again in XMP (`/Metadata` streams, on the document
and on any page or image). Both go; the pages, fonts and links stay.
pikepdf (qpdf) rewrites the file deterministically: the same input gives the
same bytes, with an ID computed from the content.
"""

from __future__ import annotations

import io

from .memo import LastVersion

_cleaned = LastVersion()
"""Each PDF's cleaned copy, by path: a saved PDF replaces its old copy (memo.py)."""


def cleaned_pdf(raw: bytes, source: str) -> bytes:
    """The PDF without Info dictionary and XMP; raises for a file qpdf cannot read (or an encrypted one).

    Kept per `source` path while its bytes stay.
    """
    return _cleaned.get(source, raw, _without_metadata)


PROBLEM = ("ist nicht lesbar oder verschlüsselt; ihre Metadaten (Autor·in, Programm) lassen sich nicht entfernen",
           "die Datei neu als PDF exportieren, ohne Kennwort")
"""The message for a PDF that cannot be cleaned: `check` and the build say the same."""


def readable(path) -> bool:
    """Whether qpdf opens the file and it is not encrypted (`check`, before the build would fail)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return not pdf.is_encrypted
    except Exception:  # noqa: BLE001 - qpdf raises many kinds for broken or hostile files
        return False


def _without_metadata(raw: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(raw)) as pdf:
        if pdf.is_encrypted:
            raise ValueError("encrypted")
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        for item in pdf.objects:
            if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                for key in ("/Metadata", "/PieceInfo"):
                    if key in item:
                        del item[key]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=True)
    return out.getvalue()

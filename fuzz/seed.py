#!/usr/bin/env python3
"""Seeds each fuzz target's corpus from the repository's own fixtures (never from documents kept
outside it): the edXML messages, the attachments they carry (DOCX, PDF), their texts and the
dates they spell. Writes under fuzz/corpus/<target>/, one file per seed, named by its hash."""

import base64
import hashlib
import io
import pathlib
import re
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SOURCES = [ROOT / "adapters/edxml/tests/fixtures", ROOT / "tests/fixtures", ROOT / "config/demo/inbox"]


def put(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except Exception:
        return ""
    return re.sub(r"<[^>]+>", " ", xml.replace("</w:p>", "\n"))


def main() -> int:
    messages = [p for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.edxml"))]
    if not messages:
        print("no fixtures found", file=sys.stderr)
        return 1
    for path in messages:
        raw = path.read_bytes()
        put("edxml_reader", raw)
        text = raw.decode("utf-8", "replace")
        for date in set(re.findall(r">(\d{1,4}[/-]\d{1,2}[/-]\d{1,4}[^<]{0,12})<", text)):
            put("dates", date.encode())
        for content in re.findall(r"<edXML:Content>(.*?)</edXML:Content>", text, re.S):
            put("extraction", content.encode())
        for b64 in re.findall(r"ContentTransferEncoded[^>]*>([^<]+)<", text):
            try:
                data = base64.b64decode(re.sub(r"\s+", "", b64))
            except Exception:
                continue
            if data.startswith(b"PK"):
                put("docx_text", data)
                body = docx_text(data)
                if body.strip():
                    put("extraction", body.encode())
                    for phrase in re.findall(r"[^.\n]*(?:trước ngày|trong \d+ ngày|hằng)[^.\n]*", body):
                        put("dates", phrase.strip().encode())
            elif b"%PDF-" in data[:1024]:
                put("pdf_text", data)
    for target in ["edxml_reader", "dates", "docx_text", "pdf_text", "extraction"]:
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{target}: {len(list(folder.iterdir()))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())

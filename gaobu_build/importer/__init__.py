"""Importing a report's Chinese text (.txt, .md, .docx) into the project's YAML.

One module per step: `read` (file → blocks), `furniture` (web-page wrapper
lines), `punctuation` (full-width marks), `segment` (run-together text → units),
`structure` (units → parts, sections, paragraphs, glossary), `ids`, `figures`
(proposed indicators), `write` (YAML), and `run` (the command). Nothing here
loads MkDocs.
"""

from .run import Imported, import_report, run

__all__ = ["Imported", "import_report", "run"]

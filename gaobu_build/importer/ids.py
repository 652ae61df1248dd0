"""Stable ASCII ids for parts, sections and paragraphs (the scheme is documented in data/README.md).

Ids come from the report's own numbering and positions, never from its words,
so they need no pinyin or translation and the same text always gets the same
ids: parts `review-YYYY`, `plan-YYYY` or `part-N`; sections `<part>-N` (the
task's own number, or the position of an "一年来" lead), `<part>-deputies`
for a "各位代表！" address and `closing` for the last one; paragraphs
`<container>-lead`, `<container>-item-N` ("N是"), `<container>-pK` (position
K in its container), `targets`, and in the preamble `label`, `speaker`,
`salutation`, `opening`.
"""

from __future__ import annotations

from ..checks.project import RESERVED_IDS
from ..source.model import ID_MAX
from .structure import Document, Para


class _Ids:
    def __init__(self):
        self.taken = set(RESERVED_IDS)

    def claim(self, wanted: str) -> str:
        wanted = wanted[:ID_MAX].strip("-")
        ident, n = wanted, 1
        while ident in self.taken:
            n += 1
            suffix = f"-{n}"
            ident = wanted[: ID_MAX - len(suffix)].strip("-") + suffix
        self.taken.add(ident)
        return ident


def assign_ids(doc: Document) -> None:
    ids = _Ids()
    _paragraph_ids(ids, "preamble", doc.preamble)
    for position, part in enumerate(doc.parts, 1):
        if part.kind in ("review", "plan") and part.year:
            part.id = ids.claim(f"{part.kind}-{part.year}")
        else:
            part.id = ids.claim(f"part-{part.number or position}")
        _paragraph_ids(ids, part.id, part.paragraphs)
        for index, section in enumerate(part.sections, 1):
            if section.kind == "closing":
                section.id = ids.claim("closing")
            elif section.kind == "address":
                section.id = ids.claim(f"{part.id}-deputies")
            else:
                section.id = ids.claim(f"{part.id}-{section.number or index}")
            _paragraph_ids(ids, section.id, section.paragraphs)


def _paragraph_ids(ids: _Ids, container: str, paragraphs: list[Para]) -> None:
    for position, para in enumerate(paragraphs, 1):
        if para.kind in ("label", "speaker", "salutation", "opening", "targets"):
            para.id = ids.claim(para.kind)
        elif para.kind == "lead":
            para.id = ids.claim(f"{container}-lead")
        elif para.kind == "item":
            para.id = ids.claim(f"{container}-item-{para.number}")
        else:
            para.id = ids.claim(f"{container}-p{position}")

"""spaCy DocBin (``.spacy``), what ``spacy train`` reads.

Each document becomes a ``Doc`` built from its complete tokens (``words`` + ``spaces``, so
``doc.text`` is the stored text exactly), with

* ``doc.ents``: the entity-layer spans (every label but CLAIM: ACTOR, DATE), overlap resolved as
  ``spacy.util.filter_spans`` does (the longest wins); spans left out are counted in the card;
* ``doc.spans["sc"]``: every span, nested claims included (for ``spancat``);
* ``doc.user_data["annotator"]``: ``{"id", "meta", "spans": [{"start", "end", "label", "attrs",
  "annotator"}], "relations": [{"head", "child", "label"}]}``, where ``spans`` follows
  ``doc.spans["sc"]`` and a relation's ``head``/``child`` index it;
* ``doc._.rel`` in the form of Explosion's relation-extraction tutorial,
  ``{(head start token, child start token): {label: 1.0}}`` (stored in user data: it reads back
  once ``Doc.set_extension("rel", default={})`` is set).

The DocBin is written with ``store_user_data=True``. It is built in memory (compact token arrays,
not Python objects) and written at the end.
"""

from __future__ import annotations

from typing import Any

import orjson

from annotator.core.formats.files import Output
from annotator.core.formats.prepared import PreparedDocument
from annotator.core.spans import CONTAINER_LABELS

SPANS_KEY = "sc"
REL_KEY = ("._.", "rel", None, None)


class Writer:
    needs_tokens = True

    def __init__(self, out: Output) -> None:
        import spacy
        from spacy.tokens import DocBin

        self.out = out
        self.vocab = spacy.blank("en").vocab
        self.docbin = DocBin(store_user_data=True)
        self.left_out = 0
        """Entity spans that overlapped a longer one, so are in ``spans["sc"]`` only."""

    def add(self, prepared: PreparedDocument) -> None:
        from spacy.tokens import Doc, Span
        from spacy.util import filter_spans

        doc_row = prepared.doc
        assert prepared.tokens is not None
        doc = Doc(
            self.vocab,
            words=prepared.tokens.words(doc_row.text),
            spaces=prepared.tokens.ws.tolist(),
        )
        spans = [
            Span(doc, first, last + 1, label=row[3])
            for row, first, last in zip(
                doc_row.spans, prepared.token_start, prepared.token_end, strict=True
            )
        ]
        doc.spans[SPANS_KEY] = spans
        entities = [s for s in spans if s.label_ not in CONTAINER_LABELS]
        kept = filter_spans(entities)
        self.left_out += len(entities) - len(kept)
        doc.ents = kept
        info: list[dict[str, Any]] = []
        for _id, start, end, label, attrs, annotator, _status in doc_row.spans:
            info.append(
                {
                    "start": start,
                    "end": end,
                    "label": label,
                    "attrs": orjson.loads(attrs) if attrs else {},
                    "annotator": annotator,
                }
            )
        doc.user_data["annotator"] = {
            "id": doc_row.id,
            "meta": prepared.meta(),
            "spans": info,
            "relations": [
                {"head": h, "child": c, "label": label} for h, c, label, _s in prepared.relations
            ],
        }
        rel: dict[tuple[int, int], dict[str, float]] = {}
        for h, c, label, _status in prepared.relations:
            key = (prepared.token_start[h], prepared.token_start[c])
            rel.setdefault(key, {})[label] = 1.0
        doc.user_data[REL_KEY] = rel
        self.docbin.add(doc)

    def close(self) -> None:
        self.out.write(self.docbin.to_bytes())

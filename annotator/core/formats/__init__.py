"""Exchange formats: what the exports write and the annotated-data imports read.

One module per format: ``prodigy`` (our JSONL, which is Prodigy's task format, written and read,
and Prodigy's own exports read), ``spacy_docbin`` (written), ``doccano`` (written and read),
``brat`` (written and read), ``label_studio`` (read).

Shared by the exports: ``rows`` (the streaming read of the store), ``prepared`` (a document with
its complete tokens and span token indices), ``tokens`` (token lists in spaCy's convention),
``card`` (the dataset card), ``files`` (atomic output files).

Shared by the imports: ``reading`` (format detection and dispatch), ``jsonio`` (JSON Lines and
whole-file JSON with line numbers), ``annotated`` (checking a record, carrying its offsets through
normalisation, storing it in one savepoint), ``labelmap`` (``--map`` and the OntoNotes defaults).
"""

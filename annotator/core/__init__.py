"""The Qt-free core: storage, documents, spans, suggestions, import and export."""

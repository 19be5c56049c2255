"""Suggestions: spaCy pipeline loading (spaCy is imported lazily), rules that turn a parsed
document into suggested spans, and the run over a corpus."""

"""Data files shipped with annotator: the default label configuration, stylesheet, icons."""

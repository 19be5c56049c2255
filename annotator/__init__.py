"""annotator: tag actors, claims and dates in news articles; export training data."""

__version__ = "0.1.0"

"""caselaw: a multilingual database and search service for decisions on economic, social and cultural rights."""

__version__ = "0.1.0"

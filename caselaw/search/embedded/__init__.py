"""The embedded search engine (tantivy, in-process, no server)."""

from caselaw.search.embedded.engine import EmbeddedEngine

__all__ = ["EmbeddedEngine"]

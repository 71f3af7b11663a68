"""The system of record: cases in SQLite, originals content-addressed on disk. No search index here."""

from caselaw.store.blobs import BlobStore
from caselaw.store.cases import CaseStore, open_store

__all__ = ["BlobStore", "CaseStore", "open_store"]

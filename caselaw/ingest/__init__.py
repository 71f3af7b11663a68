"""Ingest: PDF, Word, RTF and HTML files in, language-detected, tagged records out; see `ingest_paths`."""

from caselaw.ingest.pipeline import expand, ingest_paths
from caselaw.ingest.report import FileReport, IngestReport, Outcome

__all__ = ["FileReport", "IngestReport", "Outcome", "expand", "ingest_paths"]

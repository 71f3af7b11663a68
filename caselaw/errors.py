"""The one error hierarchy: every expected failure is a `CaselawError` with its HTTP status on the class."""

from __future__ import annotations

from typing import Any, ClassVar


class CaselawError(Exception):
    """Base of every expected error; the CLI prints its message, the API its problem+json envelope."""

    # Read from the class at run time (never frozen by a constructor default), so a subclass's status
    # always reaches clients: the mistake yente's `exc.py` makes.
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class ConfigError(CaselawError):
    """A setting is missing or invalid."""

    code = "config-error"
    title = "Invalid configuration"


class TaxonomyError(CaselawError):
    """The taxonomy files are missing or invalid."""

    code = "taxonomy-error"
    title = "Invalid taxonomy"


class ValidationFailed(CaselawError):
    """A record does not satisfy the model; the message names the field and the value."""

    status = 422
    code = "validation-failed"
    title = "Invalid record"


class NotFound(CaselawError):
    """Something asked for does not exist."""

    status = 404
    code = "not-found"
    title = "Not found"


class CaseNotFound(NotFound):
    """No case has this id or alias."""

    code = "case-not-found"
    title = "Case not found"


class DocumentNotFound(NotFound):
    """No stored original has this SHA-256."""

    code = "document-not-found"
    title = "Document not found"


class Conflict(CaselawError):
    """The request conflicts with what is stored."""

    status = 409
    code = "conflict"
    title = "Conflict"


class PreconditionFailed(Conflict):
    """An `If-Match` names no revision the case is at now: someone else changed it since it was read."""

    status = 412
    code = "precondition-failed"
    title = "Precondition failed"


class PreconditionRequired(CaselawError):
    """An edit must say which revision it corrects: `revision` in the body or an `If-Match` header."""

    status = 428
    code = "precondition-required"
    title = "Precondition required"


class StoreError(CaselawError):
    """The store cannot be opened, migrated or written."""

    status = 503
    code = "store-error"
    title = "Store unavailable"


class SchemaVersionError(StoreError):
    """The store was written by a newer version of caselaw than this one."""

    code = "schema-version"
    title = "Store schema is newer than this program"


class ImportFailed(CaselawError):
    """A line of an import file could not be read; the message names the line."""

    status = 422
    code = "import-failed"
    title = "Import failed"


class QuerySyntaxError(CaselawError):
    """A search query cannot be parsed; the message says where (a character position) and why."""

    status = 400
    code = "query-syntax"
    title = "Invalid search query"


class EngineUnavailable(CaselawError):
    """The search engine cannot be reached, opened or written right now."""

    status = 503
    code = "engine-unavailable"
    title = "Search engine unavailable"


class IndexBusy(EngineUnavailable):
    """Another process kept the search index's writer busy for longer than an update waits (a rebuild, usually)."""

    code = "index-busy"
    title = "Search index busy"


class IndexDrift(CaselawError):
    """The search index lacks changes the store holds (an index update failed, or a writer died between its store
    write and its index update): `caselaw reindex --check` repairs it, as does the next write."""

    status = 503
    code = "index-drift"
    title = "Search index behind the store"


class IndexNotReady(CaselawError):
    """The search index has not been built yet (or was built by an incompatible version): run `caselaw reindex`."""

    status = 503
    code = "index-not-ready"
    title = "Search index not ready"


class VectorsMissing(CaselawError):
    """Semantic search was asked for, but no case has passage vectors for the current model: run `caselaw embed`.

    409, not 503: the service is up and keyword and hybrid searches answer; this request needs data not yet made."""

    status = 409
    code = "vectors-missing"
    title = "Passage vectors missing"


class IngestError(CaselawError):
    """A file could not be ingested; the batch goes on and the original is quarantined with this reason."""

    status = 422
    code = "ingest-failed"
    title = "File could not be ingested"


class UnreadablePath(IngestError):
    """The path does not exist, is not a regular file, or cannot be read."""

    status = 400
    code = "unreadable-path"
    title = "Unreadable path"


class EmptyFile(IngestError):
    """The file has zero bytes (an interrupted download, usually)."""

    code = "empty-file"
    title = "Empty file"


class NotAPdf(IngestError):
    """The content is none of the formats read (PDF, Word, RTF, HTML), whatever the file is called."""

    status = 415
    code = "not-a-pdf"  # kept from when only PDFs were read: clients and tests switch on it
    title = "Not a supported document"


class CorruptDocument(IngestError):
    """A Word (DOCX or DOC), RTF or HTML file whose content is broken and cannot be read."""

    code = "corrupt-document"
    title = "Corrupt document"


class EncryptedDocument(IngestError):
    """A Word document that is password-protected and cannot be read without the password."""

    code = "encrypted-document"
    title = "Password-protected document"


class ReaderUnavailable(IngestError):
    """The program that reads this format is not installed on the server (`antiword` for legacy .doc)."""

    status = 503
    code = "reader-unavailable"
    title = "Reader not installed"


class EncryptedPdf(IngestError):
    """The PDF is password-protected and cannot be read without the password."""

    code = "encrypted-pdf"
    title = "Password-protected PDF"


class CorruptPdf(IngestError):
    """The PDF's structure is broken and no reader can open it."""

    code = "corrupt-pdf"
    title = "Corrupt PDF"


class TruncatedPdf(CorruptPdf):
    """The PDF stops before its end (no `%%EOF`, no cross-reference table): an incomplete copy."""

    code = "truncated-pdf"
    title = "Truncated PDF"


class FileTooLarge(IngestError):
    """The file is larger than `max_file_bytes`."""

    status = 413
    code = "file-too-large"
    title = "File too large"


class TooManyPages(IngestError):
    """The PDF has more pages than `max_pages` (a PDF bomb, or not a decision)."""

    status = 413
    code = "too-many-pages"
    title = "Too many pages"


class IngestTimeout(IngestError):
    """Reading the file took longer than `file_timeout_seconds`."""

    status = 504
    code = "ingest-timeout"
    title = "Ingest timed out"


class ResourceLimit(IngestError):
    """Reading the file needed more memory than one ingest worker may take (`ingest_memory_mb`): a decompression
    bomb, or a file too heavy for this server."""

    code = "resource-limit"
    title = "File needs too much memory"


class ImageTooLarge(ResourceLimit):
    """A page or an image in the PDF is too large to render for OCR within `ocr_max_megapixels` (an image bomb)."""

    code = "image-too-large"
    title = "Page or image too large"


class WorkerCrashed(IngestError):
    """The process reading the file died (a parser crashed on it, or the machine ran out of memory)."""

    code = "worker-crashed"
    title = "Reader crashed"


class Unauthorized(CaselawError):
    """The request needs an API key, or the key presented is unknown or revoked."""

    status = 401
    code = "unauthorized"
    title = "API key required"


class Forbidden(CaselawError):
    """The API key is valid but its role may not do this."""

    status = 403
    code = "forbidden"
    title = "Not allowed for this role"


class RateLimited(CaselawError):
    """Too many requests from one client in the current window; `Retry-After` says when to come back."""

    status = 429
    code = "rate-limited"
    title = "Too many requests"


class RequestTooLarge(CaselawError):
    """The request body is larger than the configured limit."""

    status = 413
    code = "request-too-large"
    title = "Request too large"


class UnsupportedMediaType(CaselawError):
    """The request body's content type is not one this endpoint accepts."""

    status = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


class MethodNotAllowed(CaselawError):
    """The path exists but not with this HTTP method."""

    status = 405
    code = "method-not-allowed"
    title = "Method not allowed"


class CandidateNotFound(NotFound):
    """No amicus candidate has this id."""

    code = "candidate-not-found"
    title = "Candidate not found"


class CommentNotFound(NotFound):
    """No comment on this candidate has this id (a reply must answer a comment of the same candidate)."""

    code = "comment-not-found"
    title = "Comment not found"


class IllegalTransition(Conflict):
    """The workflow does not allow moving a candidate from its current stage to the stage asked for."""

    code = "illegal-transition"
    title = "Stage change not allowed"


class ScoringClosed(Conflict):
    """The candidate's stage no longer takes scores (the assessment is closed once it is decided)."""

    code = "scoring-closed"
    title = "Scoring closed at this stage"


class CandidateWithdrawn(Conflict):
    """The candidate was withdrawn: it keeps its record and history but takes no edit, score or stage change."""

    code = "candidate-withdrawn"
    title = "Candidate withdrawn"


class ReasonRequired(ValidationFailed):
    """This change must be given with a written reason (approving or declining a candidate)."""

    code = "reason-required"
    title = "Reason required"


class CriteriaVersionConflict(ConfigError):
    """The selection criteria changed but kept the version of criteria already used: bump `version`."""

    code = "criteria-version-conflict"
    title = "Selection criteria changed without a new version"


class UnknownFacetValue(CaselawError):
    """A filter names a value its facet can never have (a code not in the taxonomy, an unknown country)."""

    status = 400
    code = "unknown-facet-value"
    title = "Unknown facet value"


class HostNotAllowed(CaselawError):
    """The `Host` header names no host this service is configured to answer to (`CASELAW_ALLOWED_HOSTS`)."""

    status = 400
    code = "host-not-allowed"
    title = "Host not allowed"

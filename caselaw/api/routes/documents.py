"""`POST /documents`: upload a decision (PDF, Word, RTF or HTML); it is ingested, stored and indexed, or refused
with the reason."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from caselaw.api import spool
from caselaw.api.case_detail import CaseDetail, case_detail
from caselaw.api.dependencies import EditorKey, LanguageDep, ServicesDep
from caselaw.api.problems import error_class_named, problem_responses
from caselaw.api.services import Services, index_after_store
from caselaw.errors import FileTooLarge, UnsupportedMediaType
from caselaw.ingest import ingest_paths
from caselaw.ingest.report import IngestReport, Outcome

router = APIRouter(tags=["documents"])
log = logging.getLogger("caselaw.api")

# One upload is ingested at a time per process: each runs in a worker process already, and a queue of
# parallel PDF parses on a small server only makes every upload slower.
_INGEST_LOCK = threading.Lock()
_CHUNK = 1 << 20


class UploadResult(BaseModel):
    """What became of an uploaded file."""

    outcome: Literal["ingested", "updated", "duplicate"] = Field(
        description="`ingested`: a new case; `updated`: a new language of a known case; `duplicate`: already stored."
    )
    case_id: str
    status: str | None = Field(None, description="Review status of the document: `ok`, `needs-review`, `needs-ocr`.")
    near_duplicate_of: str | None = Field(None, description="Another document whose text this one nearly repeats.")
    indexed: bool = Field(description="Whether the search index was updated (a reindex catches up otherwise).")
    case: CaseDetail


def _safe_name(name: str | None) -> str:
    """The uploaded file's name without directories or odd characters (it is kept as provenance)."""
    # No default extension: the content decides the format (an unnamed HTML page must not pose as a .pdf).
    base = Path(name or "upload").name
    cleaned = re.sub(r"[^\w.\- ]+", "_", base, flags=re.UNICODE).strip(" .") or "upload"
    return cleaned[:150]


async def _save(upload: UploadFile, target: Path, limit: int) -> None:
    written = 0
    with target.open("wb") as handle:
        while chunk := await upload.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise FileTooLarge(f"the file is larger than the upload limit of {limit} bytes")
            handle.write(chunk)


def multipart_only(request: Request) -> None:
    """415 for a body that is not multipart (a dependency: FastAPI would otherwise answer 422 "file missing")."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType("send the file as multipart/form-data in a field named `file`")


@router.post(
    "/documents",
    response_model=UploadResult,
    status_code=201,
    summary="Upload a decision (editors)",
    responses={
        200: {"description": "The file was already stored.", "model": UploadResult},
        **problem_responses(401, 403, 413, 415, 503, 504),
    },
)
async def upload(
    request: Request,
    response: Response,
    file: Annotated[
        UploadFile, File(description="The decision: PDF (text layer or scanned), Word (DOCX or DOC), RTF or HTML.")
    ],
    services: ServicesDep,
    key: EditorKey,
    _multipart: Annotated[None, Depends(multipart_only)],
    language: LanguageDep,
) -> UploadResult:
    """Ingest a decision file: text, language, metadata and tags are extracted, the case is stored and indexed.

    The format is recognised by content, whatever the name: PDF, Word (DOCX, DOC), RTF or HTML. A file that cannot
    be ingested (none of these, encrypted, corrupt, empty, too large) is refused with the reason
    and kept in quarantine; nothing else is affected.
    """
    settings = services.settings
    # Folders left by a server killed mid-upload go first; this upload's is locked against the same clean-up.
    await run_in_threadpool(spool.clean_leftovers, settings.data_dir)
    folder, lock = spool.reserve(settings.data_dir)
    try:
        path = folder / _safe_name(file.filename)
        await _save(file, path, min(settings.upload_max_bytes, settings.max_file_bytes))
        report = await run_in_threadpool(_ingest, services, path)
    finally:
        spool.release(folder, lock)
    item = report.files[0]
    services.metrics.ingest.labels(item.outcome.value).inc()
    if item.outcome is Outcome.FAILED or item.case_id is None:
        cls = error_class_named(item.error)
        raise cls(f"{_safe_name(file.filename)}: {item.reason or 'the file could not be ingested'}")
    case = services.store.get_case(item.case_id)
    # In a thread: the first write after a schema change rebuilds the whole index.
    indexed = await run_in_threadpool(index_after_store, services, [case.id], what=f"uploaded case {case.id} stored")
    if item.outcome is Outcome.DUPLICATE:
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return UploadResult(
        outcome=item.outcome.value,
        case_id=case.id,
        status=item.status,
        near_duplicate_of=item.near_duplicate_of,
        indexed=indexed,
        case=case_detail(case, services.store.revision(case.id), language),
    )


def _ingest(services: Services, path: Path) -> IngestReport:
    with _INGEST_LOCK:
        return ingest_paths([path], services.store, services.settings, workers=1, isolate=True)

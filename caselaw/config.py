"""Settings read from the environment (`CASELAW_` prefix) or a `.env` file; every field is described."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

EngineName = Literal["embedded", "elasticsearch", "opensearch"]


class Settings(BaseSettings):
    """Every setting of caselaw; `caselaw config show` prints them with their sources."""

    model_config = SettingsConfigDict(env_prefix="CASELAW_", env_file=".env", extra="ignore", frozen=True)

    data_dir: Path = Field(
        Path("data"),
        description="Directory holding the SQLite store, original files and the embedded index.",
    )
    engine: EngineName = Field(
        "embedded",
        description="Search engine: `embedded` (tantivy, no server), `elasticsearch` or `opensearch`.",
    )
    elasticsearch_url: str = Field("http://127.0.0.1:9200", description="Elasticsearch base URL.")
    opensearch_url: str = Field("http://127.0.0.1:9201", description="OpenSearch base URL.")
    engine_username: str | None = Field(None, description="Basic-auth user name for the cluster engine.")
    engine_password: SecretStr | None = Field(None, description="Basic-auth password for the cluster engine.")
    engine_api_key: SecretStr | None = Field(None, description="API key for the cluster engine (Elasticsearch).")
    engine_ca_certs: Path | None = Field(None, description="CA bundle to verify the cluster engine's TLS.")
    engine_timeout_seconds: float = Field(10.0, gt=0, description="Timeout of one request to a cluster engine.")
    engine_analysis: Literal["full", "core"] = Field(
        "full",
        description=(
            "Analysis profile of the cluster engine's index: `full` (each language's stemmer, accent folding; needs "
            "the analysis-common module) or `core` (standard tokenizer, lower case, stop words only: for clusters "
            "without analysis-common, such as Elasticsearch started from its jars)."
        ),
    )
    index_prefix: str = Field(
        "caselaw", pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Prefix of index names in a cluster engine."
    )
    max_file_bytes: int = Field(
        200 * 1024 * 1024, gt=0, description="Largest file ingest accepts, in bytes; larger files are refused."
    )
    max_pages: int = Field(2000, gt=0, description="Most pages ingest reads from one PDF (bounds PDF bombs).")
    file_timeout_seconds: float = Field(
        300.0, gt=0, description="Wall-clock limit for ingesting one file; a file that hangs is failed."
    )
    ocr_languages: list[str] = Field(
        default_factory=lambda: ["eng", "spa", "fra", "por", "ara"],
        description="Tesseract languages tried when a page has no text layer and no language is known.",
    )
    tesseract_cmd: str = Field(
        "tesseract",
        description="Tesseract executable for OCR; when it cannot be run, text-less pages are stored as `needs-ocr`.",
    )
    ocr_dpi: int = Field(300, ge=72, le=600, description="Resolution at which pages without a text layer are OCRed.")
    ocr_max_megapixels: int = Field(
        50,
        ge=1,
        le=1000,
        description=(
            "Most pixels (millions) a page is rendered with for OCR: a larger page is rendered at a lower resolution "
            "(down to 100 dpi, else refused), and a page whose images declare more than 8 times this is refused."
        ),
    )
    ocr_min_confidence: float = Field(
        70.0, ge=0, le=100, description="Mean OCR word confidence (0-100) under which a document needs review."
    )
    ingest_workers: int = Field(
        0, ge=0, le=64, description="Processes that read PDFs in parallel; 0 picks one per CPU core."
    )
    ingest_memory_mb: int = Field(
        1024,
        ge=0,
        description=(
            "Memory (MiB) an ingest worker process may take for one file above what it holds idle; a file that needs "
            "more fails with `resource-limit` and its worker is replaced. 0: no limit."
        ),
    )
    sqlite_busy_timeout_ms: int = Field(
        10_000, ge=0, description="How long a store write waits for another writer's lock before failing."
    )

    index_writer_memory_mb: int = Field(
        128,
        ge=16,
        le=4096,
        description="Memory budget of the embedded engine's index writer, in MiB (split across its threads).",
    )
    index_writer_threads: int = Field(
        0, ge=0, le=64, description="Indexing threads of the embedded engine; 0 picks one per CPU core (up to 4)."
    )
    search_cache_entries: int = Field(
        2048,  # embedded widgets send the same preset searches again and again (api_load's mix: 85% hits)
        ge=0,
        le=1_000_000,
        description=(
            "Most search responses the request cache keeps per process, keyed by index generation and normalised "
            "request, emptied on every index commit; 0 disables the cache."
        ),
    )
    search_cache_mb: int = Field(
        64, ge=1, le=65_536, description="Most memory the request cache's responses take per process, in MiB."
    )

    api_host: str = Field("127.0.0.1", description="Address `caselaw serve` listens on.")
    api_port: int = Field(8000, ge=1, le=65535, description="Port `caselaw serve` listens on.")
    api_workers: int = Field(
        1, ge=1, le=64, description="Server processes of `caselaw serve` (the embedded index is shared read-only)."
    )
    public_url: str | None = Field(
        None, description="Public base URL of the service (links in exports and the embed snippet); None: as requested."
    )
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1"],
        description=(
            "Host names the service answers to (the `Host` header, which goes into links and embed snippets); "
            "the host of `CASELAW_PUBLIC_URL` is added; `.example.org` also allows its subdomains; `*` allows any."
        ),
    )
    api_header_timeout_seconds: float = Field(
        10.0, gt=0, le=3600, description="Time `caselaw serve` gives a client to send a request's headers."
    )
    api_body_timeout_seconds: float = Field(
        30.0, gt=0, le=3600, description="Longest pause `caselaw serve` allows while a client sends a request body."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins of the sites that embed the search: they alone get CORS and may frame `/embed`.",
    )
    rate_limit_per_minute: int = Field(
        600, ge=0, description="Requests per minute allowed to one client IP without an API key; 0 disables the limit."
    )
    rate_limit_key_per_minute: int = Field(
        6000, ge=0, description="Requests per minute allowed to one API key; 0 disables the limit."
    )
    rate_limit_store: Path | None = Field(
        None,
        description=(
            "SQLite file in which the server's worker processes count rate limits together; `caselaw serve` sets a "
            "fresh one when it runs several workers. None: each process counts alone."
        ),
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose `X-Forwarded-For` names the client IP for rate limits.",
    )
    upload_max_bytes: int = Field(
        50 * 1024 * 1024, gt=0, description="Largest PDF `POST /api/v1/documents` accepts, in bytes."
    )
    request_max_bytes: int = Field(
        256 * 1024, gt=0, description="Largest JSON request body accepted by the API, in bytes (uploads excepted)."
    )
    export_max_rows: int = Field(
        10_000, ge=1, le=100_000, description="Most cases one `format=csv|jsonl` search export streams."
    )

    @property
    def store_path(self) -> Path:
        """Path of the SQLite database file."""
        return self.data_dir / "caselaw.sqlite3"

    @property
    def quarantine_dir(self) -> Path:
        """Directory where originals that failed ingest are kept with the reason."""
        return self.data_dir / "quarantine"

    @property
    def blob_dir(self) -> Path:
        """Directory of content-addressed original files."""
        return self.data_dir / "blobs"


@cache
def get_settings() -> Settings:
    """Settings from the environment, read once; tests build `Settings(...)` directly instead."""
    return Settings()

"""`caselaw serve`: the HTTP API (and the web pages) under uvicorn."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from caselaw.cli.app import app, context_settings, out


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (CASELAW_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on (CASELAW_API_PORT).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Server processes (CASELAW_API_WORKERS).")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the API at http://HOST:PORT/api/v1 with its docs at /docs."""
    import uvicorn

    from caselaw.api.server import uvicorn_options

    settings = context_settings(ctx)
    # Workers are separate processes that read settings from the environment: pass the data directory on.
    os.environ["CASELAW_DATA_DIR"] = str(settings.data_dir.resolve())
    bind_host = host or settings.api_host
    bind_port = port or settings.api_port
    count = workers or settings.api_workers
    shared = None
    limited = settings.rate_limit_per_minute or settings.rate_limit_key_per_minute
    if count > 1 and limited and settings.rate_limit_store is None:
        # Counted in each worker, a client would get `count` times its budget: the workers count in one file.
        shared = Path(tempfile.mkdtemp(prefix="caselaw-serve-"))
        os.environ["CASELAW_RATE_LIMIT_STORE"] = str(shared / "rate-limits.sqlite3")
    from caselaw.api.spool import clean_leftovers

    # Uploads a killed server was ingesting: no process holds their folders any more.
    if removed := clean_leftovers(settings.data_dir):
        out.print(f"removed {removed} upload folder(s) left by a server that was stopped mid-upload")
    out.print(f"caselaw API on http://{bind_host}:{bind_port}/api/v1 (docs at /docs), data in {settings.data_dir}")
    try:
        uvicorn.run(
            "caselaw.api.app:app_from_environment",
            factory=True,
            host=bind_host,
            port=bind_port,
            workers=count,
            log_level=log_level,
            proxy_headers=False,  # client addresses for rate limits come only from CASELAW_TRUSTED_PROXIES
            server_header=False,
            **uvicorn_options(),  # header and body read deadlines: a slow client cannot hold a connection for ever
        )
    finally:
        if shared is not None:
            shutil.rmtree(shared, ignore_errors=True)

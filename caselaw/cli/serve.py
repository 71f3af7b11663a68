"""`caselaw serve`: the HTTP API (and the web pages) under uvicorn."""

from __future__ import annotations

import os
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

    settings = context_settings(ctx)
    # Workers are separate processes that read settings from the environment: pass the data directory on.
    os.environ["CASELAW_DATA_DIR"] = str(settings.data_dir.resolve())
    bind_host = host or settings.api_host
    bind_port = port or settings.api_port
    out.print(f"caselaw API on http://{bind_host}:{bind_port}/api/v1 (docs at /docs), data in {settings.data_dir}")
    uvicorn.run(
        "caselaw.api.app:app_from_environment",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers or settings.api_workers,
        log_level=log_level,
        proxy_headers=False,  # client addresses for rate limits come only from CASELAW_TRUSTED_PROXIES
        server_header=False,
    )

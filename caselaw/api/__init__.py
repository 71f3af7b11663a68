"""The HTTP API: `create_app(settings)` builds the FastAPI application served by `caselaw serve`."""

from caselaw.api.app import create_app

__all__ = ["create_app"]

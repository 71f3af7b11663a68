"""OpenSearch through the official `opensearch-py` client."""

from __future__ import annotations

import json
from typing import Any

import opensearchpy

from caselaw.config import Settings
from caselaw.errors import ConfigError
from caselaw.search.cluster.base import ClusterEngine, Failure, error_details


class OpenSearchEngine(ClusterEngine):
    """OpenSearch: `CASELAW_ENGINE=opensearch`, `CASELAW_OPENSEARCH_URL`."""

    name = "opensearch"
    product = "OpenSearch"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.opensearch_url)
        if settings.engine_api_key is not None:
            raise ConfigError(
                "CASELAW_ENGINE_API_KEY is an Elasticsearch feature; OpenSearch takes a user and password"
            )
        password = settings.engine_password.get_secret_value() if settings.engine_password else ""
        self.client = opensearchpy.OpenSearch(
            hosts=[settings.opensearch_url],
            http_auth=(settings.engine_username, password) if settings.engine_username else None,
            ca_certs=str(settings.engine_ca_certs) if settings.engine_ca_certs else None,
            timeout=settings.engine_timeout_seconds,
            # One retry on a dropped connection; a timeout is not retried, so a hung node costs one timeout.
            max_retries=1,
            retry_on_timeout=False,
        )

    def _send(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        if isinstance(body, list | bytes):  # `_bulk`: newline-delimited JSON, as lines or already serialised
            if isinstance(body, list):
                body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in body)
            headers = {"content-type": "application/x-ndjson"}
            return self.client.transport.perform_request(method, path, params=params, body=body, headers=headers)
        return self.client.transport.perform_request(method, path, params=params, body=body)

    def _failure(self, error: Exception) -> Failure | None:
        # ConnectionError (refused, reset, timed out, TLS) is a TransportError without an HTTP status.
        if isinstance(error, opensearchpy.ConnectionError):
            return Failure(None, None, f"{type(error).__name__}: {error.error}")
        if isinstance(error, opensearchpy.TransportError):
            status = error.status_code if isinstance(error.status_code, int) else None
            error_type, reason = error_details(error.info)
            return Failure(status, error_type, reason or str(error.error))
        return None

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

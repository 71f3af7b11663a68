"""Elasticsearch through the official `elasticsearch` client (8.19.x, which talks to Elasticsearch 8 and 9)."""

from __future__ import annotations

from typing import Any

import elastic_transport
import elasticsearch
from elastic_transport.client_utils import DEFAULT

from caselaw.config import Settings
from caselaw.errors import ConfigError
from caselaw.search.cluster.base import ClusterEngine, Failure, error_details

_JSON = {"accept": "application/json", "content-type": "application/json"}
_NDJSON = {"accept": "application/json", "content-type": "application/x-ndjson"}


class ElasticsearchEngine(ClusterEngine):
    """Elasticsearch: `CASELAW_ENGINE=elasticsearch`, `CASELAW_ELASTICSEARCH_URL`."""

    name = "elasticsearch"
    product = "Elasticsearch"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.elasticsearch_url)
        password = settings.engine_password.get_secret_value() if settings.engine_password else ""
        self.client = elasticsearch.Elasticsearch(
            settings.elasticsearch_url,
            basic_auth=(settings.engine_username, password) if settings.engine_username else None,
            api_key=settings.engine_api_key.get_secret_value() if settings.engine_api_key else None,
            ca_certs=str(settings.engine_ca_certs) if settings.engine_ca_certs else DEFAULT,
            request_timeout=settings.engine_timeout_seconds,
            # One retry on a dropped connection; a timeout is not retried, so a hung node costs one timeout.
            max_retries=1,
            retry_on_timeout=False,
        )

    def _send(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Any:
        bulk = isinstance(body, list | bytes)  # `_bulk`: newline-delimited JSON, as lines or already serialised
        answer = self.client.perform_request(method, path, params=params, headers=_NDJSON if bulk else _JSON, body=body)
        return answer.body

    def _failure(self, error: Exception) -> Failure | None:
        if isinstance(error, elasticsearch.UnsupportedProductError):
            # The client refuses anything but Elasticsearch (OpenSearch among others): a wrong setting.
            raise ConfigError(f"{self.url} is not Elasticsearch: set CASELAW_ENGINE to the right engine") from error
        if isinstance(error, elasticsearch.ApiError):
            error_type, reason = error_details(error.body)
            return Failure(error.meta.status, error_type, reason or error.message)
        if isinstance(error, elastic_transport.TransportError):  # connection refused, reset, timed out, TLS
            return Failure(None, None, f"{type(error).__name__}: {error.message}")
        return None

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

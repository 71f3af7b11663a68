"""Settings: every one documented, read from CASELAW_ variables, never at import time."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from caselaw.config import Settings, get_settings


def test_every_setting_has_a_description() -> None:
    undocumented = [name for name, field in Settings.model_fields.items() if not (field.description or "").strip()]
    assert undocumented == []


def test_every_setting_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [f"CASELAW_{name.upper()}" for name in Settings.model_fields if f"CASELAW_{name.upper()}" not in readme]
    assert missing == []


def test_environment_variables_use_the_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASELAW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CASELAW_ENGINE", "opensearch")
    monkeypatch.setenv("CASELAW_MAX_PAGES", "10")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.engine == "opensearch"
    assert settings.max_pages == 10
    assert settings.store_path == tmp_path / "caselaw.sqlite3"


def test_invalid_values_are_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELAW_ENGINE", "solr")
    with pytest.raises(ValidationError, match="engine"):
        Settings()


def test_get_settings_is_cached_and_lazy() -> None:
    get_settings.cache_clear()
    assert get_settings() is get_settings()
    get_settings.cache_clear()

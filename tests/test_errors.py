"""The error hierarchy: the HTTP status lives on the class and reaches every instance."""

from __future__ import annotations

import inspect

import caselaw.errors as errors_module
from caselaw.errors import CaselawError, CaseNotFound, NotFound, SchemaVersionError, StoreError

ERRORS = [cls for _, cls in inspect.getmembers(errors_module, inspect.isclass) if issubclass(cls, CaselawError)]


def test_every_error_reports_its_class_status_code_and_title() -> None:
    for cls in ERRORS:
        instance = cls("something went wrong")
        assert instance.status == cls.status, cls
        assert 400 <= instance.status <= 599, cls
        assert instance.code and instance.title, cls
        assert str(instance) == "something went wrong"


def test_subclass_status_is_not_frozen_by_the_base() -> None:
    assert CaseNotFound("x").status == 404
    assert issubclass(CaseNotFound, NotFound)
    assert SchemaVersionError("x").status == StoreError.status == 503


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in ERRORS]
    assert len(codes) == len(set(codes))

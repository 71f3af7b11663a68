"""A small constructed corpus: one case per language and facet combination the contract tests need."""

from __future__ import annotations

from datetime import date
from typing import Any

from caselaw.models import Case
from tests.conftest import make_case


def variant(case_id: str, **changes: Any) -> Case:
    """`make_case()` with fields replaced, validated again."""
    data = make_case(case_id).model_dump(exclude={"languages"})
    data.update(changes)
    return Case.model_validate(data)


def _tags(*codes: str) -> list[dict[str, Any]]:
    return [{"code": code, "source": "editor", "confidence": 1.0} for code in codes]


def _doc(language: str, text: str, sha: str) -> list[dict[str, Any]]:
    return [{"sha256": sha * 64, "language": language, "text": text}]


def mini_corpus() -> list[Case]:
    """Eight cases in five languages; `es-housing` is `make_case()` itself."""
    return [
        make_case("es-housing"),
        variant(
            "en-eviction",
            titles={"en": {"full": "Government of the Republic v Grootboom", "popular": "the Grootboom case"}},
            forum="za-constitutional-court",
            decision_type="judgment",
            respondent_states=["ZA"],
            region="africa",
            dates={"decision": date(2000, 10, 4)},
            rights=_tags("housing", "forced-evictions"),
            affected_groups=_tags("children", "homeless-persons"),
            outcome="upheld",
            summaries={"en": "The community was evicted from informal shelters and bulldozed onto a sports field."},
            documents=_doc(
                "en", "The eviction left families without shelter. The State must plan for those in need.", "b"
            ),
            articles=[],
            identifiers=[],
        ),
        variant(
            "fr-expulsion",
            titles={"fr": {"full": "FEANTSA c. France"}, "en": {"full": "FEANTSA v. France"}},
            forum="ecsr",
            decision_type="merits-decision",
            respondent_states=["FR"],
            dates={"decision": date(2007, 12, 5)},
            rights=_tags("housing", "forced-evictions"),
            summaries={"fr": "Les expulsions forcées de familles roms sans relogement violent la Charte."},
            documents=_doc("fr", "Le Comité constate que l'expulsion des familles sans solution de relogement.", "c"),
            articles=[],
            identifiers=[],
        ),
        variant(
            "pt-despejo",
            titles={"pt": {"full": "ADPF 828"}},
            forum="br-supreme-federal-court",
            decision_type="judgment",
            respondent_states=["BR"],
            region="latin-america-caribbean",
            dates={"decision": date(2021, 6, 3)},
            rights=_tags("housing", "forced-evictions", "health"),
            outcome="partially-upheld",
            summaries={"pt": "O tribunal suspendeu o despejo de famílias vulneráveis durante a pandemia."},
            documents=_doc("pt", "Suspensão de despejos e desocupações de áreas habitadas.", "d"),
            articles=[],
            identifiers=[],
        ),
        variant(
            "ar-eviction",
            titles={"ar": {"full": "قضية حي الرمل"}, "en": {"full": "The Raml quarter case"}},
            forum="eg-administrative-court",
            decision_type="judgment",
            respondent_states=["EG"],
            region="mena",
            dates={"decision": date(2010, 3, 30)},
            rights=_tags("housing"),
            outcome="upheld",
            summaries={"ar": "قضت المحكمة بعدم مشروعية إخلاء السكان من منازلهم دون توفير مسكن بديل."},
            documents=_doc("ar", "إن الإخلاء القسري للسكان يخالف الدستور.", "e"),
            articles=[],
            identifiers=[],
        ),
        variant(
            "en-education",
            titles={"en": {"full": "Pupils v. Finland"}},
            forum="un-crc",
            decision_type="views",
            respondent_states=["FI"],
            dates={"decision": date(2019, 2, 1)},
            rights=_tags("education"),
            affected_groups=_tags("children"),
            summaries={"en": "School fees kept pupils with disabilities out of primary education."},
            documents=_doc("en", "The pupils were refused enrolment at the local school.", "f"),
            articles=[],
            identifiers=[],
        ),
        variant(
            "es-education",
            titles={"es": {"full": "Sentencia T-025 sobre educación"}},
            forum="co-constitutional-court",
            decision_type="judgment",
            respondent_states=["CO"],
            region="latin-america-caribbean",
            dates={"decision": date(2004, 1, 22)},
            rights=_tags("education", "housing"),
            issues=_tags("armed-conflict-occupation"),
            outcome="upheld",
            summaries={"es": "Los niños desplazados no tenían acceso a la educación ni a una escuela."},
            documents=_doc("es", "La Corte ordenó garantizar la educación de los niños desplazados.", "0"),
            articles=[],
            identifiers=[],
        ),
        variant(
            "en-markup",
            titles={"en": {"full": "Water <b>&</b> sanitation case"}},
            forum="un-cescr",
            respondent_states=["ES", "PT"],
            dates={},
            rights=_tags("water-sanitation"),
            outcome=None,
            summaries={"en": 'The "water" supply was cut: <script>alert(1)</script> & other tags stay text.'},
            documents=_doc("en", "Access to water & sanitation <i>for all</i>.", "1"),
            articles=[],
            identifiers=[],
        ),
    ]

"""Case names from captions, party lines and headers; ids from the name; identifiers in national courts' forms."""

from __future__ import annotations

from caselaw.ingest import metadata
from caselaw.ingest.titles import name_case


def test_party_lines_give_the_title_and_treaty_bodies_cite_surnames() -> None:
    blocks = [
        "United Nations",
        "Views adopted by the Committee under the Optional Protocol concerning communication No. 5/2015",
        "Submitted by: Mohamed Ben Djazia and Naouel Bellili (represented by counsel, Javier Rubio)",
        "State party: Spain",
    ]
    name = name_case(blocks, blocks[1], [], "en", [], "treaty-body")
    assert (name.full, name.short, name.slug) == (
        "Mohamed Ben Djazia and Naouel Bellili v. Spain",
        "Ben Djazia and Bellili v. Spain",
        "ben-djazia-bellili-v-spain",
    )
    spanish = [
        "Convención sobre la eliminación de todas las formas de discriminación contra la mujer",
        "Presentada por: María López (representada por abogados)",
        "Estado parte: España",
    ]
    assert name_case(spanish, None, [], "es", [], "treaty-body").full == "María López c. España"
    french = ["Communication présentée par : Nell Toussaint (représentée par un conseil)", "État partie : Canada"]
    name = name_case(french, "Constatations adoptées par le Comité", [], "fr", [], "treaty-body")
    assert (name.full, name.short) == ("Nell Toussaint c. Canada", "Toussaint c. Canada")
    initials = name_case(
        ["Submitted by: I.D.G. (represented by counsel)", "State party: Spain"], None, [], "en", [], "treaty-body"
    )
    assert (initials.short, initials.slug) == ("I.D.G. v. Spain", "idg-v-spain")


def test_generic_headings_are_skipped_for_the_caption() -> None:
    blocks = ["ORDER SHEET", "W.P. No. 25501/2015", "Asghar Leghari versus Federation of Pakistan, etc.", "Order"]
    name = name_case(blocks, "Order", ["W.P. No. 25501/2015"], "en", ["W.P. No. 25501/2015"], "high-court")
    assert (name.full, name.short) == (
        "Asghar Leghari v. Federation of Pakistan, etc.",
        "Asghar Leghari v. Federation of Pakistan",
    )
    arabic = ["حكم", "المدعي: ناجي رشاد", "المدعى عليهم: رئيس مجلس الوزراء وآخرون، بصفاتهم"]
    name = name_case(arabic, "حكم", [], "ar", [], "administrative-court")
    assert (name.full, name.short, name.slug) == (
        "ناجي رشاد ضد رئيس مجلس الوزراء وآخرون",
        "ناجي رشاد ضد رئيس مجلس الوزراء",
        "",
    )


def test_running_header_gives_the_short_name_and_national_courts_drop_the_others() -> None:
    blocks = [
        "CONSTITUTIONAL COURT OF SOUTH AFRICA",
        "Case CCT 11/00",
        "THE GOVERNMENT OF THE REPUBLIC OF SOUTH AFRICA – First Appellant",
        "CAPE METROPOLITAN COUNCIL – Second Appellant",
        "versus",
        "IRENE GROOTBOOM AND OTHERS – Respondents",
        "JUDGMENT",
    ]
    header = "Government of the Republic of South Africa and Others v Grootboom and Others – CCT 11/00"
    name = name_case(blocks, "JUDGMENT", [header], "en", ["CCT 11/00"], "constitutional-court")
    assert name.full == "Government of the Republic of South Africa and Others v. Grootboom and Others"
    assert name.short == "Government of the Republic of South Africa v. Grootboom"
    # Without the header, the caption split around "versus" still names the parties.
    name = name_case(blocks, "JUDGMENT", [], "en", ["CCT 11/00"], "constitutional-court")
    assert name.full == "The Government of the Republic of South Africa and Others v. Irene Grootboom and Others"


def test_captions_in_capitals_acronyms_and_a_states_short_name() -> None:
    blocks = ["CASE OF YORDANOVA AND OTHERS v. BULGARIA", "(Application no. 25446/06)", "JUDGMENT"]
    name = name_case(blocks, "JUDGMENT", ["YORDANOVA AND OTHERS v. BULGARIA JUDGMENT"], "en", [], "regional-court")
    assert (name.full, name.short, name.slug) == (
        "Yordanova and Others v. Bulgaria",
        "Yordanova and Others v. Bulgaria",
        "yordanova-v-bulgaria",
    )
    blocks = [
        "In the matter of Socio-Economic Rights and Accountability Project (SERAP) v. Federal Republic of Nigeria"
    ]
    name = name_case(blocks, "Judgment", [], "en", [], "subregional-court")
    assert (name.short, name.slug) == ("SERAP v. Nigeria", "serap-v-nigeria")
    french = ["Affaire APDF et IHRDA c. République du Mali"]
    assert name_case(french, "Arrêt", [], "fr", [], "regional-court").short == "APDF et IHRDA c. Mali"


def test_decisions_known_by_their_number() -> None:
    blocks = ["SUPREMO TRIBUNAL FEDERAL", "MEDIDA CAUTELAR NA ARGUIÇÃO DE DESCUMPRIMENTO DE PRECEITO FUNDAMENTAL 709"]
    blocks += ["REQTE.(S): ARTICULAÇÃO DOS POVOS INDÍGENAS DO BRASIL (APIB)", "INTDO.(A/S): UNIÃO", "Decisão"]
    name = name_case(blocks, "Decisão", ["ADPF 709 MC / DF"], "pt", ["ADPF 709"], "supreme-court")
    assert (name.short, name.slug) == ("ADPF 709 MC", "adpf-709-mc")
    assert name.full == "Medida Cautelar na Arguição de Descumprimento de Preceito Fundamental 709"
    colombian = ["Sentencia T-025/04", "Acción de tutela instaurada por Abel Antonio Jaramillo y otros contra la Red"]
    name = name_case(colombian, "Sentencia T-025 de 2004", [], "es", ["T-025/04"], "constitutional-court")
    assert name.short == "Sentencia T-025 de 2004"
    assert name.full.startswith("Sentencia T-025 de 2004, Acción de tutela instaurada por Abel Antonio Jaramillo")


def test_identifiers_of_national_courts_and_the_same_number_in_two_languages() -> None:
    english = metadata.extract("Civil Appeal 9535/06 – Abu Massad v. Water Commissioner", None, [])
    arabic = metadata.extract("الاستئناف المدني رقم 9535/06 – أبو مساعد ضد مفوض المياه", None, [])
    assert ("case-number", "CA 9535/06") in set(english.identifiers) & set(arabic.identifiers)
    text = (
        "M. 1569. XL.\nSuit No. ECW/CCJ/APP/08/09\nJudgment No. ECW/CCJ/JUD/18/12\nW.P. No. 25501/2015\n"
        "Referencia: expediente T-653010 y acumulados\nالدعوى رقم 21606 لسنة 63 قضائية\nADPF 709 MC / DF\n"
        "Processos n.os 2/13, 5/13, 8/13 e 11/13\nWrit Petitions Nos. 4610-4612 and 5068-5079 of 1981\n"
        "[2000] ZACC 19\n\n"
        "1 The Court recalls its judgment in Case CCT 99/99."
    )
    found = set(metadata.extract(text, None, []).identifiers)
    assert found == {
        ("docket", "M. 1569. XL."),
        ("application", "ECW/CCJ/APP/08/09"),
        ("case-number", "ECW/CCJ/JUD/18/12"),
        ("docket", "W.P. No. 25501/2015"),
        ("docket", "T-653010 y acumulados"),
        ("case-number", "21606/63"),
        ("docket", "ADPF 709"),
        ("docket", "Processos n.os 2/13, 5/13, 8/13 e 11/13"),
        ("docket", "Writ Petitions Nos. 4610-4612 and 5068-5079 of 1981"),
        ("neutral-citation", "[2000] ZACC 19"),
    }


def test_a_decision_dated_by_month_still_has_its_year() -> None:
    meta = metadata.extract(
        "Banjul, The Gambia, October 2001\n\nDecided: 30th Ordinary Session, October 2001", None, []
    )
    assert (meta.decision_date, meta.decision_year) == (None, 2001)

"""Case names from captions, party lines and headers; ids from the name; identifiers in national courts' forms."""

from __future__ import annotations

from caselaw.ingest import metadata
from caselaw.ingest.title_noise import is_noise
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


# --- Treaty bodies' covers, in the five languages -------------------------------------------------------------


def test_treaty_body_covers_in_five_languages_name_author_and_state() -> None:
    english = [
        "United Nations",
        "CCPR/C/200/D/1234/2020",
        "Distr.: General",
        "Views adopted by the Committee under article 5 (4) of the Optional Protocol, concerning communication"
        " No. 1234/2020*",
        "Communication submitted by: Ana Pérez (represented by counsel) Alleged victim: The author"
        " State party: Spain Date of communication: 3 March 2020",
    ]
    name = name_case(english, english[3], [], "en", [], "treaty-body", forum_names=["Human Rights Committee"])
    assert (name.full, name.short) == ("Ana Pérez v. Spain", "Pérez v. Spain")
    spanish = [
        "Naciones Unidas",
        "Presentada por: Rosa Gómez Vidal",
        "Presunta víctima: La autora",
        "Estado parte: Perú",
    ]
    assert name_case(spanish, None, [], "es", [], "treaty-body").full == "Rosa Gómez Vidal c. Perú"
    french = ["Nations Unies", "Auteur(s) : Paul Martin et Anne Martin", "État partie : Belgique"]
    assert name_case(french, None, [], "fr", [], "treaty-body").full == "Paul Martin et Anne Martin c. Belgique"
    portuguese = ["Nações Unidas", "Apresentada por: João Silva", "Estado Parte: Brasil"]
    assert name_case(portuguese, None, [], "pt", [], "treaty-body").full == "João Silva c. Brasil"
    arabic = ["الأمم المتحدة", "المقدم من: سامي خليل", "الدولة الطرف: المغرب"]
    assert name_case(arabic, None, [], "ar", [], "treaty-body").full == "سامي خليل ضد المغرب"
    # A cover that prints the author but no State line: the respondent State metadata found.
    stateless = ["Author: Lina Haddad (represented by counsel)", "Date of communication: 1 June 2019"]
    name = name_case(stateless, None, [], "en", [], "treaty-body", states=["JO"])
    assert name.full == "Lina Haddad v. Jordan"


# --- Court captions, however they are printed -----------------------------------------------------------------


def test_a_caption_cut_over_lines_is_joined() -> None:
    spanish = [
        "CORTE INTERAMERICANA DE DERECHOS HUMANOS",
        "CASO TORRES LÓPEZ Y OTROS",
        "(“TRABAJADORES DEL PUERTO”) VS. CHILE",
        "SENTENCIA DE 3 DE MAYO DE 2011",
    ]
    name = name_case(spanish, None, [], "es", [], "regional-court")
    assert name.full == "Torres López y otros (“Trabajadores del Puerto”) vs. Chile"
    english = ["Inter-American Court of Human Rights", "Case of Torres López et al.", "(“Port Workers”) v.", "Chile"]
    name = name_case(english, None, [], "en", [], "regional-court", forum_names=["Inter-American Court"])
    assert name.full == "Torres López et al. (“Port Workers”) v. Chile"


def test_us_captions_stacked_around_v_with_roles_and_a_docket_column() -> None:
    blocks = [
        "UNITED STATES DISTRICT COURT",
        "NORTHERN DISTRICT OF OHIO",
        "MARIA K. ALVES,",
        "Case No. 1:20-cv-01234 (ABC) Petitioner,",
        "ORDER",
        "v.",
        "J.R. HOLLOWAY, Warden,",
        "Respondent.",
        "The petition for a writ of habeas corpus is denied for the reasons given below, and the case is closed.",
    ]
    name = name_case(blocks, None, [], "en", [], None)
    assert (name.full, name.short) == ("Maria K. Alves v. J.R. Holloway, Warden", "Maria K. Alves v. J.R. Holloway")
    board = [
        "STATE BUREAU OF WORKERS' COMPENSATION",
        "WORKERS' COMPENSATION APPEALS BOARD",
        "Tomas Reyes ) Docket No. 2020-01-0042",
        ") v. ) State File No. 1234-2020",
        ") Bright Roofing, LLC",
        ") Appeal from the Court of Workers' Compensation Claims",
    ]
    assert name_case(board, None, [], "en", [], None).full == "Tomas Reyes v. Bright Roofing, LLC"
    # A transcript's margin numbers, and an office on its own line after the party's name.
    transcript = [
        "1 IN THE SUPREME COURT",
        "2 - - - x",
        "3 JOHN P. DOE,",
        "4 WARDEN,",
        "5 Petitioner",
        "6 v.",
        "7 RICHARD ROE.",
        "8 : No. 08-1234",
    ]
    assert name_case(transcript, None, [], "en", [], None).full == "John P. Doe, Warden v. Richard Roe"


def test_inline_roles_and_a_running_header_of_the_caption() -> None:
    blocks = [
        "UNITED STATES TAX COURT",
        "ANNA SMITH AND BEN SMITH, 1 Petitioners v. COMMISSIONER OF INTERNAL REVENUE, Respondent",
        "Docket No. 1234-19.",
    ]
    name = name_case(blocks, None, [], "en", [], None)
    assert name.full == "Anna Smith and Ben Smith v. Commissioner of Internal Revenue"
    kanoon = ["Rama Textile Workers Union ... vs The State Of Kerala on 2 March, 2024", "Judgment text follows."]
    name = name_case(kanoon, None, [kanoon[0]], "en", [], None)
    assert name.full == "Rama Textile Workers Union vs. The State Of Kerala"
    wrapped = [
        "Acme Builders Limited v Lakeside Homes",
        "Development Company Limited (Civil Suit 12 of 2019) [2022]",
        "KEHC 101 (KLR) (Judgment)",
    ]
    assert name_case(wrapped, None, [], "en", [], None).full == (
        "Acme Builders Limited v. Lakeside Homes Development Company Limited"
    )


def test_indian_versus_and_connected_matters() -> None:
    blocks = [
        "IN THE SUPREME COURT OF INDIA",
        "CIVIL APPELLATE JURISDICTION",
        "RAVI K. MENON …APPELLANT(S)",
        "VERSUS STATE OF KARNATAKA & ANR. …RESPONDENT(S)",
    ]
    name = name_case(blocks, None, [], "en", [], None)
    assert (name.full, name.short) == (
        "Ravi K. Menon v. State of Karnataka and Another",
        "Ravi K. Menon v. State of Karnataka",
    )
    connected = [
        "W.P. 101 of 2024",
        "Sunil Roy & Ors.",
        "Vs.",
        "The State of Assam & Ors.",
        "With",
        "W.P. 102 of 2024",
        "Mita Sen & Ors.",
        "Vs.",
        "The State of Assam & Ors.",
    ]
    name = name_case(connected, None, [], "en", [], None)
    assert (name.full, name.short) == (
        "Sunil Roy and Others vs. The State of Assam and Others",
        "Sunil Roy vs. State of Assam",
    )


def test_south_african_in_the_matter_between_and_joint_appeals() -> None:
    blocks = [
        "THE SUPREME COURT OF APPEAL OF SOUTH AFRICA",
        "JUDGMENT",
        "In the matter between:",
        "CITY OF EXAMPLE METROPOLITAN MUNICIPALITY",
        "APPELLANT",
        "and",
        "T N DLAMINI",
        "RESPONDENT",
    ]
    name = name_case(blocks, None, [], "en", [], None)
    assert name.full == "City of Example Metropolitan Municipality v. T N Dlamini"
    joint = [
        "UNITED STATES COURT OF APPEALS",
        "Alpha Fund LTD,",
        "Plaintiff - Appellee,",
        "v.",
        "The Republic of Ruritania,",
        "Defendant - Appellant.",
        "________",
        "Beta Capital S.A.,",
        "Plaintiffs - Appellees,",
        "v.",
        "Ruritania,",
        "Defendant - Appellant.",
        "ORDER",
    ]
    name = name_case(joint, None, [], "en", [], None)
    assert name.full == "Alpha Fund LTD v. The Republic of Ruritania; Beta Capital S.A. v. Ruritania"


def test_matters_petitions_and_marriages_without_a_versus() -> None:
    matter = [
        "Resolución de la Corte Interamericana de Derechos Humanos",
        "de 2 de marzo de 2010",
        "Medidas Provisionales",
        "respecto de la República de Guatemala",
        "Asunto Pérez y otros",
        "VISTO:",
    ]
    name = name_case(matter, None, [], "es", [], "regional-court")
    assert name.full == "Asunto Pérez y otros respecto de Guatemala (Medidas Provisionales)"
    petition = [
        "INFORME Nº 12/05",
        "ADMISIBILIDAD",
        "PETICIÓN 123/01",
        "JUANA MARÍA QUISPE",
        "BOLIVIA",
        "3 de marzo de 2005",
    ]
    assert name_case(petition, None, [], "es", [], "regional-commission").full == "Juana María Quispe c. Bolivia"
    relatório = ["RELATÓRIO Nº 5/03", "CASO 11.222", "PEDRO ALVES", "DA COSTA", "PARAGUAI", "2 de maio de 2003"]
    assert name_case(relatório, None, [], "pt", [], "regional-commission").full == "Pedro Alves da Costa c. Paraguai"
    marriage = [
        "[No. 12345-6-I. Division One. May 2, 2016.]",
        "In the Matter of the Marriage of Jane Doe, Respondent, and John Doe, Appellant.",
    ]
    assert name_case(marriage, None, [], "en", [], None).full == "In re Marriage of Doe"


def test_a_separate_opinion_takes_the_case_its_first_paragraph_names() -> None:
    english = [
        "SEPARATE OPINION OF JUDGE M. ROSSI",
        "1 I have voted with the majority in the Case of Gómez Paz et al. v. Honduras, and add these words.",
    ]
    assert name_case(english, None, [], "en", [], "regional-court").full == (
        "Gómez Paz et al. v. Honduras — Separate Opinion of Judge M. Rossi"
    )
    french = [
        "VOTE CONCORDANT DU JUGE M. ROSSI",
        "1 J'ai voté en faveur de l'arrêt dans l'affaire Gómez Paz et autres c. le Honduras. Je précise.",
    ]
    assert name_case(french, None, [], "fr", [], "regional-court").full == (
        "Gómez Paz et autres c. Honduras — Vote Concordant du Juge M. Rossi"
    )


def test_a_cassation_decision_is_named_as_lawyers_cite_it() -> None:
    blocks = [
        "Télécharger PDF",
        "12 mars 2025",
        "Cour de cassation",
        "Pourvoi n° 23-10.456",
        "Deuxième chambre civile - Formation restreinte",
        "Publié au Bulletin",
        "ECLI:FR:CCASS:2025:C200123",
        "Audience publique du 12 mars 2025",
        "Arrêt n° 123 F-B",
    ]
    name = name_case(blocks, None, ["Pourvoi N°23-10.456-Deuxième chambre civile"], "fr", [], None)
    assert name.full == "Cass. 2e civ., 12 mars 2025, n° 23-10.456"


# --- What is never a title ------------------------------------------------------------------------------------


def test_furniture_slogans_boilerplate_and_institutions_are_never_titles() -> None:
    slogan = [
        "1983-2023. 40 Años de Democracia",
        "Corte Suprema de Justicia de la Nación",
        "Gómez, Ana c/ Provincia de Salta s/ amparo",
        "Buenos Aires, 5 de mayo de 2023",
    ]
    name = name_case(slogan, slogan[0], [slogan[0]], "es", [], "supreme-court")
    assert name.full == "Gómez, Ana c/ Provincia de Salta s/ amparo"
    syllabus = [
        "(Slip Opinion) OCTOBER TERM, 2020",
        "NOTE: Where it is feasible, a syllabus (headnote) will be"
        " released. See United States v. Detroit Timber & Lumber Co., 200 U.S. 321, 337.",
        "SUPREME COURT OF THE UNITED STATES",
        "Syllabus",
        "SMITH v. JONES",
    ]
    assert name_case(syllabus, None, [], "en", [], "supreme-court").full == "Smith v. Jones"
    nothing = ["Case 2:19-cv-04321-ABC-XY Document 52 Filed 05/01/20 Page 1 of 1 Page ID #:123"]
    assert name_case(nothing, None, [], "en", [], None).full == "Case 2:19-cv-04321-ABC-XY, Document 52"
    court = ["Tribunal Superior de Justicia", "SALA SEGUNDA", "Distr.: General"]
    name = name_case(court, "Tribunal Superior de Justicia", [], "es", ["123/2020"], None, forum_names=court[:1])
    assert name.full == "123/2020"
    for line in [
        "Distr.: General",
        "United Nations",
        "Original: English",
        "Advance unedited version",
        "GE.21-01234(E)",
        "CRPD/C/ALB/CO/1",
        "Télécharger PDF Télécharger PDF sans zonage",
        "1983-2023. 40 Años de Democracia",
        "Corte Interamericana de Derechos Humanos",
        "REPUBLIC OF KENYA",
        "Case 2:18-cv-10166-JAK-AFM Document 47 Filed 06/07/19 Page 1 of 3 Page ID #:812",
        "See United States v. Detroit Timber & Lumber Co., 200 U.S. 321, 337.",
    ]:
        assert is_noise(line), line
    for line in [
        "Concluding observations on the initial report of Albania",
        "Yordanova and Others v. Bulgaria",
        "Report of the Committee on Economic, Social and Cultural Rights",
        "Declaration of Jane Doe",
    ]:
        assert not is_noise(line), line


# --- Documents that are not decisions: their own heading -----------------------------------------------------


def test_non_decisions_are_named_by_their_own_heading() -> None:
    act = [
        "Coastal Fisheries (Protection) Act, 2019",
        "Act 4 of 2019",
        "1 Short title. (1) This Act may be called the Coastal Fisheries (Protection) Act, 2019.(2) It extends"
        " to the whole State.",
    ]
    assert name_case(act, act[0], [], "en", [], None, kind="legislation").full == (
        "Coastal Fisheries (Protection) Act, 2019"
    )
    consolidated = [
        "Ruritania's Constitution of 2001 with Amendments through 2015",
        "Preamble",
        "250. This Act is called the Constitution of the Republic of Ruritania, 2001, and comes into"
        " force on the date set by the President.",
    ]
    assert name_case(consolidated, consolidated[0], [], "en", [], None, kind="legislation").full == (
        "Constitution of the Republic of Ruritania, 2001 (with amendments through 2015)"
    )
    english = [
        "United Nations",
        "CRPD/C/ALB/CO/1",
        "Convention on the Rights",
        "Distr.: General",
        "of Persons with Disabilities",
        "Committee on the Rights of Persons with Disabilities",
        "Original: English",
        "Concluding observations on the initial report of Albania*",
        "I. Introduction",
    ]
    assert name_case(english, english[2], [], "en", [], None, kind="report").full == (
        "Concluding observations on the initial report of Albania"
    )
    french = [
        "Nations Unies",
        "Comité des droits des personnes handicapées",
        "Observations finales concernant le rapport initial du Maroc",
        "valant rapport initial *",
        "I. Introduction",
    ]
    assert name_case(french, None, [], "fr", [], None, kind="report").full == (
        "Observations finales concernant le rapport initial du Maroc valant rapport initial"
    )
    spanish = [
        "Naciones Unidas",
        "Comité sobre los Derechos de las Personas con Discapacidad",
        "Lista de cuestiones relativa al informe inicial del Perú*",
        "A. Propósito y obligaciones generales",
    ]
    assert name_case(spanish, None, [], "es", [], None, kind="report").full == (
        "Lista de cuestiones relativa al informe inicial del Perú"
    )
    arabic = [
        "الأمم المتحدة",
        "اللجنة المعنية بحقوق الأشخاص ذوي الإعاقة",
        "الملاحظات الختامية بشأن التقرير الأولي للأردن*",
    ]
    assert (
        name_case(arabic, None, [], "ar", [], None, kind="report").full
        == "الملاحظات الختامية بشأن التقرير الأولي للأردن"
    )
    portuguese = ["Nações Unidas", "Relatório inicial apresentado por Angola nos termos do artigo 35 da Convenção*"]
    assert name_case(portuguese, None, [], "pt", [], None, kind="report").full.startswith("Relatório inicial")
    declaration = ["Déclaration sur les droits des paysans Déclaration sur les droits des paysans", "Préambule"]
    assert name_case(declaration, declaration[0], [], "fr", [], None, kind="other").full == (
        "Déclaration sur les droits des paysans"
    )
    letter = [
        "REPUBLICA DE COLOMBIA",
        "JUZGADO PRIMERO CIVIL",
        "Cali, 3 de abril de 2019",
        "Señora",
        "Ana Ruiz",
        "REF: Respuesta a solicitud de copias",
        "Respetada señora:",
    ]
    assert name_case(letter, None, [], "es", [], None, kind="other").full == "Respuesta a solicitud de copias"
    filing = [
        "Case 4:20-cv-00100-XYZ Document 9-1 Filed 02/02/21 Page 1 of 5",
        "DECLARATION OF JOHN ROE",
        "PURSUANT TO 28 U.S.C. § 1746",
        "I, John Roe, state as follows:",
    ]
    assert name_case(filing, None, [], "en", [], None, kind="submission").full == "Declaration of John Roe"


def test_a_decision_without_parties_is_named_by_its_communication_never_by_its_heading_or_symbol() -> None:
    blocks = [
        "E/C.12/70/D/12/2019",
        "Views adopted by the Committee under the Optional Protocol, concerning communication No. 12/2019*",
        "Subject matter: eviction without alternative housing",
    ]
    name = name_case(blocks, blocks[1], [], "en", ["E/C.12/70/D/12/2019"], "treaty-body", kind="decision")
    assert name.full == "Communication No. 12/2019"
    spanish = ["Dictamen aprobado por el Comité en relación con la comunicación núm. 7/2018*"]
    assert name_case(spanish, None, [], "es", [], "treaty-body").full == "Comunicación núm. 7/2018"


def test_a_title_from_no_caption_heading_or_number_is_marked_guessed() -> None:
    """The first plausible line stands in for a title an editor must check (review reason `title`)."""
    prose = ["The court met on a Tuesday to hear the parties about the water supply of the settlement."]
    guessed = name_case(prose, None, [], "en", [], "high-court")
    assert guessed.guessed and guessed.full
    blocks = ["Communication No. 5/2015", "Ana Pérez v. Spain", "The Committee considered the communication."]
    assert not name_case(blocks, blocks[1], [], "en", [], "treaty-body").guessed

"""Where a block stands in a decision, as a weight for the evidence it holds.

A decision says what it decides in its cover (subject matter, substantive issues, articles), its title, its
merits and its operative part; its facts, its procedure and the parties' submissions mention much that it does not
decide. Headings are recognised in the five languages and every block takes the weight of the section it is in.
"""

from __future__ import annotations

import re

from caselaw.ingest.keywords import fold

COVER, TITLE, MERITS, OPERATIVE, NEUTRAL, PARTIES, FACTS, PROCEDURE = 2.5, 1.5, 1.3, 1.5, 1.0, 0.8, 0.7, 0.6
_HEADING_WORDS = 14
_TITLE_BLOCKS = 3
_LOOK = 200  # characters of a block read to place it
# A heading's number or letter: "IV.", "B.", "3.2", "(a)".
_NUMBERING = r"^(?:chapter |capitulo |chapitre |capitulo )?(?:[ivxlc]+|[a-h]|\d{1,2}(?:\.\d{1,2})*)?[.)]?\s*"
_COVER = re.compile(
    r"^(?:subject[- ]matter|substantive issues?|articles? of the (?:covenant|convention|charter|protocol)|"
    r"asunto|cuestiones? de fondo|cuestiones materiales|articulos? del (?:pacto|convenio|convencion|protocolo)|"
    r"objet|questions? de fond|articles? du (?:pacte|protocole)|articles? de la (?:convention|charte)|assunto|"
    r"questoes de merito|questoes materiais|artigos? do (?:pacto|protocolo)|artigos? da (?:convencao|carta)|"
    r"الموضوع|المسائل الموضوعية|مواد العهد|مواد الاتفاقية)\s*:"
)
_SECTIONS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (
        FACTS,
        re.compile(
            _NUMBERING + r"(?:(?:the )?facts|background|factual background|summary of (?:the )?facts|the facts as "
            r"(?:submitted|presented)|(?:los )?hechos|hechos probados|antecedentes(?: de hecho)?|(?:les )?faits|"
            r"expose des faits|(?:os )?fatos|(?:os )?factos|الوقائع|وقائع)"
        ),
    ),
    (
        PROCEDURE,
        re.compile(
            _NUMBERING + r"(?:procedure|proceedings before|procedural (?:history|background)|tramite|"
            r"procedimiento ante|procedure devant|procedimento perante|competence|competencia|jurisdiction|"
            r"preliminary objections?|excepciones? preliminares?|excecoes preliminares|exceptions preliminaires|"
            r"الاجراءات|الاختصاص)(?:\W|$)"
        ),
    ),
    (
        PARTIES,
        re.compile(
            _NUMBERING + r"(?:the complaint|la denuncia|la queja|la plainte|a denuncia|a queixa|submissions|"
            r"arguments|position of the parties|posicion de las partes|alegatos|alegaciones|observations|"
            r"observaciones|observacoes|(?:the )?state party'?s? (?:observations|submissions)|author'?s? comments|"
            r"comentarios del autor|(?:the )?petitioners?'? |(?:the )?applicants?'? |(?:the )?parties'? |"
            r"(?:the )?respondents?'? |position (?:of|du|de)|posicao d|اقوال|دفاع|ملاحظات)"
        ),
    ),
    (
        OPERATIVE,
        re.compile(
            _NUMBERING + r"(?:for these reasons|por tanto|par ces motifs|pelo exposto|puntos resolutivos|"
            r"pontos resolutivos|operative (?:paragraphs|part)|dispositif|dispositivo|decides|resuelve|decide|"
            r"order|orders|disposition|conclusions? and recommendations|recommendations|reparations|"
            r"reparaciones|reparacoes|remedies|relief|لهذه الاسباب|منطوق)"
        ),
    ),
    (
        MERITS,
        re.compile(
            _NUMBERING + r"(?:merits|fondo|(?:examen (?:du|au) )?fond|merito|consideration|considerations|"
            r"consideraciones|considerandos?|analysis|analisis|analyse|the law|en droit|(?:legal )?discussion|"
            r"issues|questions|reasoning|fundamentos|findings|conclusions?|derechos? a |right to |rights of |"
            r"droits? a |droit au |direitos? a |direito ao |violation|violacion|violacao|alleged violation|"
            r"articles? \d|articulos? \d|artigos? \d|section \d|the constitutional provisions|القانون|الحق في)"
        ),
    ),
)


# The operative part starts with a formula, standing alone or opening a paragraph; a judge's own opinion after it
# is not the decision.
_OPERATIVE_START = re.compile(
    r"^(?:for (?:these|the foregoing|all (?:of )?the(?:se)? (?:above )?) reasons|por (?:todo )?(?:tanto|lo expuesto)|"
    r"por (?:estas|esas|las) razones|par ces motifs|pelo exposto|por (?:essas|estas) razoes|in the result|"
    r"(?:la corte|the court|a corte|la cour|el tribunal|the committee|el comite|le comite|o comite|the commission|"
    r"la comision|a comissao)[^.]{0,60}?(?:decides?|resuelve|declara|declares|dispone|orders|holds|is of the view)\b|"
    r"(?:decides?|resuelve|declara|dispone|orders?|it is (?:so |hereby )?ordered|decide|resolve|statuant)\s*:|"
    r"لهذه الاسباب|فلهذه الاسباب|حكمت المحكمة|قررت)"
)
_OPINION = re.compile(
    r"^(?:(?:joint |partly |partially )?(?:concurring|dissenting|separate|individual) opinion|opinion (?:individuelle|"
    r"dissidente|concordante)|vote (?:concordant|dissident|individuel|raisonne)|voto (?:razonado|concurrente|"
    r"disidente|separado|concordante|dissidente|fundamentado|vencido))"
)


def place_weights(blocks: list[str]) -> list[float]:
    """A weight for every block: its section's, the title's for the first blocks, the cover's for labelled lines."""
    weights: list[float] = []
    current = NEUTRAL
    for index, block in enumerate(blocks):
        folded = fold(" ".join(block[:_LOOK].split()))  # headings and formulas stand at the start
        if _COVER.match(folded):
            weights.append(COVER)
            continue
        if index >= _TITLE_BLOCKS and _OPINION.match(folded):
            current = NEUTRAL
        elif index >= _TITLE_BLOCKS and _OPERATIVE_START.match(folded):
            current = OPERATIVE
            weights.append(OPERATIVE)
            continue
        if _is_heading(block):
            current = next((weight for weight, pattern in _SECTIONS if pattern.match(folded)), current)
            weights.append(max(current, TITLE if index < _TITLE_BLOCKS else current))
            continue
        weights.append(TITLE if index < _TITLE_BLOCKS else current)
    return weights


def _is_heading(block: str) -> bool:
    """Short, and not a sentence: a heading, not a paragraph."""
    text = block.strip()
    return 0 < len(text.split()) <= _HEADING_WORDS and not text.endswith((".", ";", ","))

"""The neutral content of the surfaces besides replies (App Home, the advisor form),
built from the loaded content for the engine to hand to front ends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.base.message_ids import CLARITY_WORD
from bot.base.sides import CLARITIES, RECOMMENDATIONS
from bot.content.model import KnowledgeBase
from bot.dialogue.advisor import form_problems
from bot.dialogue.advisor_replies import outcome_name
from bot.reply import Form, FormQuestion, Home, Option


def home_content(kb: KnowledgeBase) -> Home:
    texts = kb.surfaces.home
    count = str(len(kb.questionnaire.questions))
    return Home(
        texts=replace(texts, advisor_text=texts.advisor_text.replace("{count}", count)),
        source=kb.messages.text("source_line"),
        examples=tuple(kb.intent(i).title for i in kb.surfaces.home_examples),
        comparisons=tuple(Option(kb.criterion(c).name, c) for c in kb.surfaces.home_comparisons),
        outcomes=tuple(
            Option(outcome_name(kb.messages, outcome), outcome) for outcome in RECOMMENDATIONS
        ),
        clarities=tuple(
            Option(kb.messages.text(CLARITY_WORD[clarity]), clarity) for clarity in CLARITIES
        ),
    )


def form_content(kb: KnowledgeBase, answers: Mapping[str, str]) -> Form:
    questions = tuple(
        FormQuestion(q.id, q.text, q.why, tuple(Option(o.label, o.value) for o in q.options))
        for q in kb.questionnaire.questions
    )
    return Form(questions, tuple(answers.items()), kb.surfaces.form)


def form_errors(kb: KnowledgeBase, given: Mapping[str, str]) -> dict[str, str]:
    """What to say under each question a submitted form got wrong (empty: nothing)."""
    texts = kb.surfaces.form
    return {
        question: texts.nothing_answered if problem == "nothing_answered" else texts.not_an_option
        for question, problem in form_problems(kb.questionnaire, given).items()
    }

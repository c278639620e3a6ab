"""The neutral content of the surfaces besides replies (App Home, the advisor form),
built from the loaded content for the engine to hand to front ends."""

from __future__ import annotations

from collections.abc import Mapping

from bot.base.message_ids import CLARITY_WORD
from bot.base.sides import CLARITIES, RECOMMENDATIONS
from bot.content.model import KnowledgeBase
from bot.dialogue.advisor import form_problems
from bot.dialogue.advisor_replies import outcome_name
from bot.reply import Form, FormQuestion, Home, Option


def home_content(kb: KnowledgeBase) -> Home:
    texts = kb.surfaces.home
    return Home(
        heading=texts.heading,
        source=kb.messages.text("source_line"),
        intro=texts.intro,
        advisor_text=texts.advisor_text.replace("{count}", str(len(kb.questionnaire.questions))),
        start_advisor=texts.start_advisor,
        try_asking=texts.try_asking,
        compare_heading=texts.compare_heading,
        all_criteria=texts.all_criteria,
        examples=tuple(kb.intent(i).title for i in kb.surfaces.home_examples),
        comparisons=tuple(Option(kb.criterion(c).name, c) for c in kb.surfaces.home_comparisons),
        outcomes=tuple(
            Option(outcome_name(kb.messages, outcome), outcome) for outcome in RECOMMENDATIONS
        ),
        answer_all_text=texts.answer_all_text,
        answer_all=texts.answer_all,
        last_heading=texts.last_heading,
        last_line=texts.last_line,
        continue_=texts.continue_,
        start_over=texts.start_over,
        clarities=tuple(
            Option(kb.messages.text(CLARITY_WORD[clarity]), clarity) for clarity in CLARITIES
        ),
    )


def form_content(kb: KnowledgeBase, answers: Mapping[str, str]) -> Form:
    texts = kb.surfaces.form
    questions = tuple(
        FormQuestion(q.id, q.text, q.why, tuple(Option(o.label, o.value) for o in q.options))
        for q in kb.questionnaire.questions
    )
    return Form(questions, tuple(answers.items()), texts.title, texts.submit, texts.close,
                texts.intro, texts.placeholder)  # fmt: skip


def form_errors(kb: KnowledgeBase, given: Mapping[str, str]) -> dict[str, str]:
    """What to say under each question a submitted form got wrong (empty: nothing)."""
    texts = kb.surfaces.form
    return {
        question: texts.nothing_answered if problem == "nothing_answered" else texts.not_an_option
        for question, problem in form_problems(kb.questionnaire, given).items()
    }

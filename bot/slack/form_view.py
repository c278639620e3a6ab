"""The one-screen advisor: a modal with every question as a select, and its answers read
back from a view_submission.

Contract (docs/contracts.md): callback_id `advisor_form`; one input block per advisor question
whose block_id and action_id are the question id; option values are the option values.
`private_metadata` holds the DM channel the recommendation goes to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks import Option as KitOption
from slack_sdk.models.views import View

from bot.base.slack_limits import SLACK_FIELD_TEXT
from bot.reply import Form, FormQuestion
from bot.slack.blocks import plain_object

CALLBACK_ID = "advisor_form"


def long_plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text[:SLACK_FIELD_TEXT], emoji=True)


def question_block(question: FormQuestion, placeholder: str, answer: str | None) -> InputBlock:
    options = [KitOption(text=plain_object(o.label), value=o.value) for o in question.options]
    chosen = next((o for o in options if o.value == answer), None)
    select = StaticSelectElement(
        action_id=question.id,
        placeholder=plain_object(placeholder),
        options=options,
        initial_option=chosen,
    )
    return InputBlock(
        block_id=question.id,
        optional=True,  # an empty answer is a skip
        label=long_plain(question.text),
        hint=long_plain(question.why),
        element=select,
    )


def form_view(form: Form, channel: str) -> dict[str, Any]:
    """The modal, each question pre-filled with the answer already given (if any)."""
    answers, texts = dict(form.answers), form.texts
    intro = [SectionBlock(text=MarkdownTextObject(text=texts.intro))] if texts.intro else []
    questions = [question_block(q, texts.placeholder, answers.get(q.id)) for q in form.questions]
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=plain_object(texts.title),
        submit=plain_object(texts.submit),
        close=plain_object(texts.close),
        private_metadata=channel,
        blocks=[*intro, *questions],
    )
    return dict(view.to_dict())


def submitted_answers(view: Mapping[str, Any]) -> dict[str, str]:
    """question id -> selected value, from a view_submission's state (empty ones left out)."""
    values = ((view.get("state") or {}).get("values")) or {}
    answers: dict[str, str] = {}
    if not isinstance(values, dict):
        return answers
    for block_id, actions in values.items():
        element = actions.get(block_id) if isinstance(actions, dict) else None
        selected = (element or {}).get("selected_option") if isinstance(element, dict) else None
        if isinstance(selected, dict) and isinstance(selected.get("value"), str):
            answers[str(block_id)] = selected["value"]
    return answers

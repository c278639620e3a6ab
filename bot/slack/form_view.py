"""The one-screen advisor: a modal with every question as a select, and its answers read
back from a view_submission.

Contract (DESIGN.md): callback_id `advisor_form`; one input block per advisor question
whose block_id and action_id are the question id; option values are the option values.
`private_metadata` holds the DM channel the recommendation goes to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.reply import Form, FormQuestion
from bot.slack.blocks import Block, mrkdwn, plain

CALLBACK_ID = "advisor_form"
LABEL_LIMIT = 2000


def long_plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:LABEL_LIMIT], "emoji": True}


def question_block(question: FormQuestion, placeholder: str, answer: str | None) -> Block:
    options = [{"text": plain(o.label), "value": o.value} for o in question.options]
    select: Block = {
        "type": "static_select",
        "action_id": question.id,
        "placeholder": plain(placeholder),
        "options": options,
    }
    chosen = next((o for o in options if o["value"] == answer), None)
    if chosen is not None:
        select["initial_option"] = chosen
    return {
        "type": "input",
        "block_id": question.id,
        "optional": True,  # an empty answer is a skip
        "label": long_plain(question.text),
        "hint": long_plain(question.why),
        "element": select,
    }


def form_view(form: Form, channel: str) -> dict[str, Any]:
    """The modal, each question pre-filled with the answer already given (if any)."""
    answers = dict(form.answers)
    blocks: list[Block] = [{"type": "section", "text": mrkdwn(form.intro)}] if form.intro else []
    blocks += [question_block(q, form.placeholder, answers.get(q.id)) for q in form.questions]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(form.title),
        "submit": plain(form.submit),
        "close": plain(form.close),
        "private_metadata": channel,
        "blocks": blocks,
    }


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

"""Every reply the content can produce renders within Block Kit's limits."""

from __future__ import annotations

import json
from typing import Any

from bot.content.model import KnowledgeBase
from bot.dialogue.advisor import AdvisorState
from bot.dialogue.advisor_replies import ask, result
from bot.dialogue.answers import answer_intent
from bot.dialogue.compare import comparison_reply, summary_reply
from bot.dialogue.views import home_content
from bot.reply import Reply
from bot.slack.blocks import message, reply_blocks, sections
from bot.slack.home_view import home_view


def check_blocks(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= 50
    action_ids = [e["action_id"] for b in blocks for e in b.get("elements", []) if "action_id" in e]
    assert len(action_ids) == len(set(action_ids)), "action ids must be unique in a message"
    for block in blocks:
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            for element in block["elements"]:
                if element["type"] == "button":
                    assert len(element["text"]["text"]) <= 75
                    assert len(element["value"]) <= 2000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150


def test_every_answer_renders_within_limits(kb: KnowledgeBase) -> None:
    for intent in kb.intents:
        reply = answer_intent(kb, intent.id)
        rendered = message(kb.messages, reply, thread_ts="1700000000.000100")
        check_blocks(rendered["blocks"])
        assert rendered["text"] and "*" not in rendered["text"][:1]


def test_every_comparison_and_the_summary_render_within_limits(kb: KnowledgeBase) -> None:
    for criterion in kb.criteria:
        check_blocks(reply_blocks(kb.messages, comparison_reply(kb, criterion)))
    summary = reply_blocks(kb.messages, summary_reply(kb))
    check_blocks(summary)
    assert all(c.name in json.dumps(summary) for c in kb.criteria)


def test_every_question_and_a_result_render_within_limits(kb: KnowledgeBase) -> None:
    for position in range(len(kb.questionnaire.questions)):
        check_blocks(
            reply_blocks(kb.messages, ask(kb.questionnaire, AdvisorState(position=position)))
        )
    answers = tuple((q.id, q.options[0].value) for q in kb.questionnaire.questions)
    done = AdvisorState(answers=answers, position=len(answers))
    check_blocks(reply_blocks(kb.messages, result(kb.questionnaire, done)))


def test_home_view_within_limits(kb: KnowledgeBase) -> None:
    check_blocks(home_view(home_content(kb))["blocks"])


def test_long_text_is_split_into_sections() -> None:
    text = "\n".join(["x" * 1000] * 7)
    chunks = sections(text)
    assert len(chunks) == 4 and all(len(c["text"]["text"]) <= 3000 for c in chunks)  # 2+2+2+1 lines
    assert sections("y" * 7000)[0]["text"]["text"] == "y" * 3000


def test_a_combined_faq_and_question_reply_stays_valid(kb: KnowledgeBase) -> None:
    question = ask(kb.questionnaire, AdvisorState(position=1))
    combined = Reply(text=kb.intent("security").answer + "\n\n" + question.text,
                     intent="security", question=question.question, options=question.options,
                     controls=question.controls)  # fmt: skip
    check_blocks(reply_blocks(kb.messages, combined))

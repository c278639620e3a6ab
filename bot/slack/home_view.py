"""The App Home tab: what the assistant does, the advisor (step by step or all at once),
comparisons, and the person's last recommendation with "Continue" and "Start over".

Action ids and values: bot/slack/buttons.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.blocks import ButtonElement, DividerBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.reply import Home
from bot.slack.blocks import (
    Block,
    actions,
    button_element,
    context,
    header,
    kit,
    section,
    sections,
)
from bot.slack.buttons import (
    ALL_CRITERIA,
    COMPARE,
    HOME_CONTINUE,
    HOME_START_OVER,
    OPEN_ADVISOR_FORM,
    START_ADVISOR,
)
from bot.slack.last_recommendation import LastRecommendation


def slack_date(at: float) -> str:
    """A date each reader sees in their own time zone ("yesterday"), with a plain fallback."""
    day = datetime.fromtimestamp(at, tz=UTC).date().isoformat()
    return f"<!date^{int(at)}^{{date_short_pretty}}|{day}>"


def last_recommendation_blocks(home: Home, last: LastRecommendation) -> list[Block]:
    texts = home.texts
    outcome = home.outcome_label(last.outcome)
    if last.clarity:  # how sure it was: "Django (on balance)"
        outcome = f"{outcome} ({home.clarity_label(last.clarity)})"
    line = texts.last_line.replace("{outcome}", outcome)
    line = line.replace("{date}", slack_date(last.at))
    reasons = "\n".join(f"• {reason}" for reason in last.reasons)
    buttons = [
        button_element(texts.continue_, HOME_CONTINUE, "continue", "primary"),
        button_element(texts.start_over, HOME_START_OVER, "restart"),
    ]
    return [
        kit(DividerBlock()),
        header(texts.last_heading),
        *sections(f"{line}\n{reasons}" if reasons else line),  # split within Slack's limit
        actions(buttons, block_id="last_recommendation"),
    ]


def with_accessory(text: str, accessory: ButtonElement) -> Block:
    return kit(SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory))


def home_view(home: Home, last: LastRecommendation | None = None) -> dict[str, Any]:
    texts = home.texts
    compare_buttons = [
        button_element(o.label, COMPARE.id(n), o.value) for n, o in enumerate(home.comparisons)
    ]
    everything = COMPARE.id(len(home.comparisons))
    compare_buttons.append(button_element(texts.all_criteria, everything, ALL_CRITERIA))
    start = button_element(texts.start_advisor, START_ADVISOR, "start", "primary")
    answer_all = button_element(texts.answer_all, OPEN_ADVISOR_FORM, "form")
    examples = "\n".join(f"• _{e}_" for e in home.examples)
    blocks: list[Block] = [
        header(texts.heading),
        section(texts.intro),
        with_accessory(texts.advisor_text, start),
        with_accessory(texts.answer_all_text, answer_all),
        kit(DividerBlock()),
        section(f"*{texts.try_asking}*\n{examples}"),
        section(f"*{texts.compare_heading}*"),
        actions(compare_buttons),
        context(home.source),
    ]
    if last is not None:
        blocks += last_recommendation_blocks(home, last)
    return dict(View(type="home", blocks=blocks).to_dict())

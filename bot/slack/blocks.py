"""Render platform-neutral replies as Block Kit, always with a plain-text fallback.

Action ids and button values come from bot/slack/buttons.py (the listeners read them
back with the same module)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    BlockElement,
    ButtonElement,
    ContextActionsBlock,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    FeedbackButtonObject,
    FeedbackButtonsElement,
    HeaderBlock,
    InteractiveElement,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks import (
    Block as KitBlock,
)
from slack_sdk.models.blocks import (
    Option as KitOption,
)

from bot.base.message_ids import EDGE_BADGE, EDGE_SHORT
from bot.base.slack_limits import SLACK_BUTTON_TEXT, SLACK_SECTION_TEXT
from bot.engine import Messages
from bot.reply import Comparison, Option, Reply, plain_text
from bot.slack.buttons import (
    ALTERNATIVE,
    ANSWER,
    CHANGE_ANSWER,
    FEEDBACK,
    INTENT,
    SHARE_COMPARE,
    SHARE_RESULT,
    SUGGEST,
    AnswerValue,
    Numbered,
    QuestionValue,
    Rating,
    control_id,
    control_of,
)

# Blocks are built with slack_sdk's Block Kit models, which know Slack's limits and refuse
# malformed blocks; they travel as the dicts Slack reads (`to_dict`).
Block = dict[str, Any]


def kit(block: KitBlock | BlockElement) -> Block:
    """A Block Kit model as the dict Slack reads (validated on the way)."""
    return dict(block.to_dict())


def mrkdwn(text: str) -> dict[str, str]:
    return dict(MarkdownTextObject(text=text).to_dict())


def plain_object(text: str) -> PlainTextObject:
    return PlainTextObject(text=text[:SLACK_BUTTON_TEXT], emoji=True)


def plain(text: str) -> dict[str, Any]:
    return dict(plain_object(text).to_dict())


def button_element(
    text: str, action_id: str, value: str, style: str | None = None
) -> ButtonElement:
    return ButtonElement(text=plain_object(text), action_id=action_id, value=value, style=style)


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    return kit(button_element(text, action_id, value, style))


def actions(elements: Sequence[InteractiveElement], block_id: str | None = None) -> Block:
    return kit(ActionsBlock(elements=list(elements), block_id=block_id))


def header(text: str) -> Block:
    return kit(HeaderBlock(text=plain_object(text)))


def section(text: str) -> Block:
    return kit(SectionBlock(text=MarkdownTextObject(text=text)))


def sections(text: str) -> list[Block]:
    """Text as sections of at most Slack's 3,000 characters, split at line ends."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        while len(line) > SLACK_SECTION_TEXT:  # one enormous line: hard split
            chunks.append(line[:SLACK_SECTION_TEXT])
            line = line[SLACK_SECTION_TEXT:]
        if len(current) + len(line) + 1 > SLACK_SECTION_TEXT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        chunks.append(current)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def context(text: str) -> Block:
    return kit(ContextBlock(elements=[MarkdownTextObject(text=text)]))


def intent_buttons(
    options: Sequence[Option], thread_ts: str | None, kind: Numbered, answered: str = ""
) -> Block:
    """Question buttons; `kind` is SUGGEST (did you mean), ALTERNATIVE (Not quite?, which
    also carries the intent answered) or INTENT (related)."""
    return actions(
        [
            button_element(
                o.label, kind.id(n), QuestionValue(o.value, thread_ts, answered).encode()
            )
            for n, o in enumerate(options)
        ]
    )


def comparison_blocks(words: Messages, comparison: Comparison) -> list[Block]:
    sides = [
        MarkdownTextObject(text=f"*Node.js*\n{comparison.node}"),
        MarkdownTextObject(text=f"*Django*\n{comparison.django}"),
    ]
    return [
        header(words.text("comparison_title", criterion=comparison.name)),
        kit(SectionBlock(fields=sides)),
        context(f"{words.text(EDGE_BADGE[comparison.edge])}. {comparison.why}"),
    ]


def summary_blocks(words: Messages, comparisons: Sequence[Comparison]) -> list[Block]:
    blocks: list[Block] = [header(words.text("at_a_glance"))]
    fields = [
        field
        for c in comparisons
        for field in (
            MarkdownTextObject(text=f"*{c.name}*"),
            MarkdownTextObject(text=words.text(EDGE_SHORT[c.edge])),
        )
    ]
    for start in range(0, len(fields), 10):  # Slack allows ten fields per section
        blocks.append(kit(SectionBlock(fields=fields[start : start + 10])))
    blocks.append(context(words.text("compare_hint")))
    return blocks


def reply_blocks(words: Messages, reply: Reply, thread_ts: str | None = None) -> list[Block]:
    """The whole reply as blocks."""
    blocks: list[Block] = []
    if len(reply.comparisons) == 1:
        blocks += comparison_blocks(words, reply.comparisons[0])
    elif reply.comparisons:
        blocks += summary_blocks(words, reply.comparisons)
    else:
        if reply.progress:
            done = reply.progress.current - 1
            dots = "●" * done + "○" * (reply.progress.total - done)
            current, total = reply.progress.current, reply.progress.total
            step = words.text("question_progress", current=current, total=total)
            blocks.append(context(f"{dots}  {step}"))
        blocks += sections(reply.text)
    if reply.options and reply.question:
        answers = [
            button_element(o.label, ANSWER.id(n), AnswerValue(reply.question, o.value).encode())
            for n, o in enumerate(reply.options)
        ]
        blocks.append(actions(answers, block_id=f"question_{reply.question}"))
    if reply.suggestions:
        blocks.append(intent_buttons(reply.suggestions, thread_ts, SUGGEST))
    if reply.alternatives:
        blocks.append(context(words.text("not_quite")))
        blocks.append(
            intent_buttons(reply.alternatives, thread_ts, ALTERNATIVE, reply.intent or "")
        )
    if reply.controls or reply.changes:
        blocks.append(control_block(words, reply))
    if reply.related:
        blocks.append(context(words.text("related_heading")))
        blocks.append(intent_buttons(reply.related, thread_ts, INTENT))
    if reply.intent and not reply.question and not reply.comparisons:
        blocks.append(context(words.text("source_line")))
        if reply.rateable:
            blocks.append(feedback_block(words, reply.intent))
    return blocks


def feedback_block(words: Messages, intent: str) -> Block:
    """Slack's own thumbs up/down (feedback_buttons in a context_actions block); each
    button's value is a Rating."""

    def side(label: str, up: bool, spoken: str) -> FeedbackButtonObject:
        return FeedbackButtonObject(
            text=plain_object(label), value=Rating(up, intent).encode(), accessibility_label=spoken
        )

    buttons = FeedbackButtonsElement(
        action_id=FEEDBACK,
        positive_button=side(":thumbsup:", True, words.text("helpful")),
        negative_button=side(":thumbsdown:", False, words.text("not_helpful")),
    )
    return kit(ContextActionsBlock(block_id="feedback", elements=[buttons]))


def control_block(words: Messages, reply: Reply) -> Block:
    elements: list[InteractiveElement] = []
    if reply.changes:
        choices = [KitOption(text=plain_object(o.label), value=o.value) for o in reply.changes]
        elements.append(
            StaticSelectElement(
                action_id=CHANGE_ANSWER,
                placeholder=plain_object(words.text("change_answer")),
                options=choices[:100],
            )
        )
    for option in reply.controls:
        control = control_of(option.value)
        if control is None:
            continue  # nothing would handle it
        if control == "share":
            people_and_channels = ConversationFilter(
                include=["public", "private"], exclude_bot_users=True
            )
            elements.append(
                ConversationSelectElement(
                    action_id=SHARE_RESULT,
                    placeholder=plain_object(option.label),
                    filter=people_and_channels,
                )
            )
        else:
            style = "primary" if control == "restart" else None
            elements.append(button_element(option.label, control_id(control), control, style))
    return actions(elements, block_id="controls")


def message(words: Messages, reply: Reply, thread_ts: str | None = None) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.postEphemeral / respond."""
    return {
        "text": plain_text(reply.text)[:SLACK_SECTION_TEXT],
        "blocks": reply_blocks(words, reply, thread_ts),
    }


def answered(blocks: Sequence[Block], note: str) -> list[Block]:
    """A question message after it was answered: buttons gone, the choice shown."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, context(note)]


def share_blocks(words: Messages, blocks: Sequence[Block], user: str) -> list[Block]:
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, context(words.text("shared_by", user=user))]


def compare_message(words: Messages, reply: Reply, share_value: str) -> dict[str, Any]:
    """A /compare reply with its "Share in channel" button."""
    blocks = reply_blocks(words, reply)
    share = button_element(words.text("control_share"), SHARE_COMPARE, share_value, "primary")
    blocks.append(actions([share]))
    return {"text": plain_text(reply.text)[:SLACK_SECTION_TEXT], "blocks": blocks}


def with_button(content: dict[str, Any], label: str, action_id: str, value: str) -> dict[str, Any]:
    """A rendered message with one more (primary) button at the end."""
    more = actions([button_element(label, action_id, value, "primary")])
    return {**content, "blocks": [*content.get("blocks", []), more]}

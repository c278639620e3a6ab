"""Render platform-neutral replies as Block Kit, always with a plain-text fallback.

Action ids (read back by listeners/actions):
  intent_N        a related-question button; value "intent_id|thread_ts"
  suggest_N       a "did you mean" button; value "intent_id|thread_ts"
  alt_N           a "Not quite?" alternative under an answer; value
                  "intent_id|thread_ts|answered_intent_id"
  answer_N        an advisor option; value "question_id=option_value"
  control_NAME    back / skip / why / cancel / restart
  change_answer   select a question to revise after the result
  share_result    pick a conversation to share the result in
  share_compare   post a /compare table in the channel; value criterion id or "all"
  compare_N       a comparison from App Home; value criterion id or "all"
  start_advisor   start the advisor in a DM
  feedback        Slack's feedback buttons on an answer; value "up|intent" or "down|intent"
                  (feedback_up / feedback_down: the buttons of messages posted before them)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.reply import Comparison, Option, Reply, plain_text

Block = dict[str, Any]
SECTION_LIMIT = 3000
SOURCE = "Source: a Node.js vs Django comparison article (2025), in our own words"
EDGE = {
    "node": ":large_green_circle: Edge: *Node.js*",
    "django": ":large_blue_circle: Edge: *Django*",
    "tie": ":white_circle: Edge: *neither*, it's a tie",
}


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:75], "emoji": True}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def sections(text: str) -> list[Block]:
    """Text as sections of at most Slack's 3,000 characters, split at line ends."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        while len(line) > SECTION_LIMIT:  # one enormous line: hard split
            chunks.append(line[:SECTION_LIMIT])
            line = line[SECTION_LIMIT:]
        if len(current) + len(line) + 1 > SECTION_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        chunks.append(current)
    return [{"type": "section", "text": mrkdwn(chunk)} for chunk in chunks if chunk.strip()]


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def intent_buttons(
    options: Sequence[Option], thread_ts: str | None, kind: str, answered: str = ""
) -> Block:
    """Question buttons; `kind` is "suggest" (did you mean), "alt" (Not quite?, which
    also carries the intent answered) or "intent" (related)."""
    suffix = f"|{answered}" if answered else ""
    return {
        "type": "actions",
        "elements": [
            button(o.label, f"{kind}_{n}", f"{o.value}|{thread_ts or ''}{suffix}")
            for n, o in enumerate(options)
        ],
    }


def comparison_blocks(comparison: Comparison) -> list[Block]:
    return [
        {"type": "header", "text": plain(f"{comparison.name}: Node.js vs Django")},
        {
            "type": "section",
            "fields": [
                mrkdwn(f"*Node.js*\n{comparison.node}"),
                mrkdwn(f"*Django*\n{comparison.django}"),
            ],
        },
        context(f"{EDGE[comparison.edge]}. {comparison.why}"),
    ]


def summary_blocks(comparisons: Sequence[Comparison]) -> list[Block]:
    blocks: list[Block] = [{"type": "header", "text": plain("Node.js vs Django at a glance")}]
    fields = [
        field
        for c in comparisons
        for field in (mrkdwn(f"*{c.name}*"), mrkdwn(EDGE[c.edge].split(": ", 1)[1]))
    ]
    for start in range(0, len(fields), 10):  # Slack allows ten fields per section
        blocks.append({"type": "section", "fields": fields[start : start + 10]})
    blocks.append(
        context("Use `/compare <criterion>` for the details of one, e.g. `/compare perf`.")
    )
    return blocks


def reply_blocks(reply: Reply, thread_ts: str | None = None) -> list[Block]:
    """The whole reply as blocks."""
    blocks: list[Block] = []
    if len(reply.comparisons) == 1:
        blocks += comparison_blocks(reply.comparisons[0])
    elif reply.comparisons:
        blocks += summary_blocks(reply.comparisons)
    else:
        if reply.progress:
            done = reply.progress.current - 1
            dots = "●" * done + "○" * (reply.progress.total - done)
            blocks.append(
                context(f"{dots}  Question {reply.progress.current} of {reply.progress.total}")
            )
        blocks += sections(reply.text)
    if reply.options and reply.question:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"question_{reply.question}",
                "elements": [
                    button(o.label, f"answer_{n}", f"{reply.question}={o.value}")
                    for n, o in enumerate(reply.options)
                ],
            }
        )
    if reply.suggestions:
        blocks.append(intent_buttons(reply.suggestions, thread_ts, "suggest"))
    if reply.alternatives:
        blocks.append(context("*Not quite?* Maybe you meant:"))
        blocks.append(intent_buttons(reply.alternatives, thread_ts, "alt", reply.intent or ""))
    if reply.controls or reply.changes:
        blocks.append(control_block(reply))
    if reply.related:
        blocks.append(context("*Related questions*"))
        blocks.append(intent_buttons(reply.related, thread_ts, "intent"))
    if reply.intent and not reply.question and not reply.comparisons:
        blocks.append(context(SOURCE))
        if reply.rateable:
            blocks.append(feedback_block(reply.intent))
    return blocks


def feedback_block(intent: str) -> Block:
    """Slack's own thumbs up/down (feedback_buttons in a context_actions block); each
    button's value is "up|intent" or "down|intent"."""

    def side(label: str, value: str, spoken: str) -> Block:
        return {"text": plain(label), "value": f"{value}|{intent}", "accessibility_label": spoken}

    return {
        "type": "context_actions",
        "block_id": "feedback",
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": "feedback",
                "positive_button": side(":thumbsup:", "up", "This answer was helpful"),
                "negative_button": side(":thumbsdown:", "down", "This answer was not helpful"),
            }
        ],
    }


def control_block(reply: Reply) -> Block:
    elements: list[Block] = []
    if reply.changes:
        elements.append(
            {
                "type": "static_select",
                "action_id": "change_answer",
                "placeholder": plain("Change an answer"),
                "options": [
                    {"text": plain(o.label), "value": o.value} for o in reply.changes[:100]
                ],
            }
        )
    for option in reply.controls:
        if option.value == "share":
            elements.append(
                {
                    "type": "conversations_select",
                    "action_id": "share_result",
                    "placeholder": plain(option.label),
                    "filter": {"include": ["public", "private"], "exclude_bot_users": True},
                }
            )
        else:
            style = "primary" if option.value == "restart" else None
            elements.append(button(option.label, f"control_{option.value}", option.value, style))
    return {"type": "actions", "block_id": "controls", "elements": elements}


def message(reply: Reply, thread_ts: str | None = None) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.postEphemeral / respond."""
    return {"text": plain_text(reply.text)[:3000], "blocks": reply_blocks(reply, thread_ts)}


def answered(blocks: Sequence[Block], note: str) -> list[Block]:
    """A question message after it was answered: buttons gone, the choice shown."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, context(note)]


def share_blocks(blocks: Sequence[Block], user: str) -> list[Block]:
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, context(f"Shared by <@{user}> from the Node.js vs Django advisor")]


def compare_message(reply: Reply, share_value: str) -> dict[str, Any]:
    """A /compare reply with its "Share in channel" button."""
    blocks = reply_blocks(reply)
    blocks.append(
        {
            "type": "actions",
            "elements": [button("Share in channel", "share_compare", share_value, "primary")],
        }
    )
    return {"text": plain_text(reply.text)[:3000], "blocks": blocks}


def with_button(content: dict[str, Any], label: str, action_id: str, value: str) -> dict[str, Any]:
    """A rendered message with one more (primary) button at the end."""
    actions = {"type": "actions", "elements": [button(label, action_id, value, "primary")]}
    return {**content, "blocks": [*content.get("blocks", []), actions]}

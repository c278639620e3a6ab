"""The App Home tab: what the assistant does, the advisor (step by step or all at once),
comparisons, and the person's last recommendation with "Continue" and "Start over".

Action ids: start_advisor, open_advisor_form, compare_N, home_continue, home_start_over.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.reply import Home
from bot.slack.blocks import SOURCE, Block, button, context, mrkdwn, plain
from bot.slack.last_recommendation import LastRecommendation


def slack_date(at: float) -> str:
    """A date each reader sees in their own time zone ("yesterday"), with a plain fallback."""
    day = datetime.fromtimestamp(at, tz=UTC).date().isoformat()
    return f"<!date^{int(at)}^{{date_short_pretty}}|{day}>"


def last_recommendation_blocks(texts: Home, last: LastRecommendation) -> list[Block]:
    line = texts.last_line.replace("{outcome}", texts.outcome_label(last.outcome))
    line = line.replace("{date}", slack_date(last.at))
    reasons = "\n".join(f"• {reason}" for reason in last.reasons)
    return [
        {"type": "divider"},
        {"type": "header", "text": plain(texts.last_heading)},
        {"type": "section", "text": mrkdwn(f"{line}\n{reasons}" if reasons else line)},
        {
            "type": "actions",
            "block_id": "last_recommendation",
            "elements": [
                button(texts.continue_, "home_continue", "continue", "primary"),
                button(texts.start_over, "home_start_over", "restart"),
            ],
        },
    ]


def home_view(texts: Home, last: LastRecommendation | None = None) -> dict[str, Any]:
    examples = texts.examples
    compare_buttons = [
        button(o.label, f"compare_{n}", o.value) for n, o in enumerate(texts.comparisons)
    ]
    compare_buttons.append(button("All criteria", f"compare_{len(texts.comparisons)}", "all"))
    blocks: list[Block] = [
        {"type": "header", "text": plain("Node.js or Django? Let's find out.")},
        {
            "type": "section",
            "text": mrkdwn(
                "I help your team choose a backend. Mention me in a channel with a "
                "question, message me here, or use `/compare` and `/advisor`."
            ),
        },
        {
            "type": "section",
            "text": mrkdwn(
                "*Get a recommendation.* Eight quick questions about your project, "
                "then Node.js, Django or both, with the reasons."
            ),
            "accessory": button("Start the advisor", "start_advisor", "start", "primary"),
        },
        {
            "type": "section",
            "text": mrkdwn(texts.answer_all_text),
            "accessory": button(texts.answer_all, "open_advisor_form", "form"),
        },
        {"type": "divider"},
        {
            "type": "section",
            "text": mrkdwn("*Try asking*\n" + "\n".join(f"• _{e}_" for e in examples)),
        },
        {"type": "section", "text": mrkdwn("*Compare side by side*")},
        {"type": "actions", "elements": compare_buttons},
        context(SOURCE),
    ]
    if last is not None:
        blocks += last_recommendation_blocks(texts, last)
    return {"type": "home", "blocks": blocks}

"""Slack's Block Kit limits, declared once: `kb check` holds content texts to them and the
renderers cut to them (https://api.slack.com/reference/block-kit)."""

SLACK_SECTION_TEXT = 3000  # a section block's text; also a message's plain-text fallback
SLACK_FIELD_TEXT = 2000  # one field of a section; an input block's label
SLACK_BUTTON_TEXT = 75  # a button's label, an option's text
SLACK_BUTTON_VALUE = 2000  # what a button sends back
SLACK_HEADER_TEXT = 150  # a header block, a placeholder
SLACK_MODAL_TEXT = 24  # a modal's title, submit and close labels
SLACK_STATUS_TEXT = 50  # the assistant panel's status line
SLACK_NOTE_TEXT = 300  # a short note, a view_submission error (kept short so it fits)
RENDERED_PREFIX = 100  # kept free where a renderer adds a heading or a badge to a text

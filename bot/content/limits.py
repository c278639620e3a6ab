"""Slack's Block Kit limits for where each content text ends up (checked by `kb check`)."""

SLACK_SECTION_TEXT = 3000  # a section block's text
SLACK_FIELD_TEXT = 2000  # one field of a section
SLACK_BUTTON_TEXT = 75  # a button's label
RENDERED_PREFIX = 100  # kept free where a renderer adds a heading or a badge to a text

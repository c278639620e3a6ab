"""The base layer, below content and understanding: the text normaliser and the names
every layer shares (controls, sides, message, action and store ids, Slack's limits),
each defined once. It imports nothing of ours."""

"""The base layer, below content and understanding: the text normaliser, the events the
engine reports to its observers, and the names every layer shares (controls, sides,
message, action and store ids, Slack's limits). It imports nothing of ours but `reply`."""

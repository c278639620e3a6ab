"""The Slack front end: Bolt AsyncApp listeners, Block Kit rendering, HTTP and Socket Mode."""

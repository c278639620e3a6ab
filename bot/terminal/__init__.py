"""The terminal front end: the advisor command and its chat."""

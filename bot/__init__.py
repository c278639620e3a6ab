"""Node-vs-Django advisor: a Slack assistant that helps teams choose a backend."""

__version__ = "0.1.0"

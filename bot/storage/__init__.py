"""Storage: conversation state in memory, SQLite or Redis."""

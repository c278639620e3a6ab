"""Understanding: normalising text, matching it to an intent, and measuring that."""

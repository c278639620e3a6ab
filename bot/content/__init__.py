"""Content: the model of intents/ and knowledge/, its loading and its checks."""

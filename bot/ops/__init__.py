"""Operations: metrics, logs, content analytics and content reload."""

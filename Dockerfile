# The Slack app: `docker build -t advisor . && docker run --env-file .env -p 3000:3000 advisor`
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY intents ./intents
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000 \
    ADVISOR_STATE_URL=sqlite:////data/state.sqlite3
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 advisor \
    && mkdir -p /data && chown advisor:advisor /data
USER advisor
WORKDIR /home/advisor
# Conversations (SQLite) live here; with ADVISOR_STATE_URL=redis://... nothing is written.
VOLUME ["/data"]
EXPOSE 3000
# /healthz answers in HTTP and in Socket Mode; 503 when the state store is unreachable.
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=2)"
# SIGTERM (docker stop) ends `advisor serve` cleanly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["advisor"]
CMD ["serve"]

# The bot as one image; docker-compose.yml runs several of it on one PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY corpus ./corpus
RUN pip install --no-cache-dir . && useradd --system --home-dir /app newsbot
USER newsbot

# Polling (one process only); docker-compose.yml starts webhook workers instead.
CMD ["newsbot", "run"]

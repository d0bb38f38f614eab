# The API (and the built SPA) in one image. Build from the repository root.
FROM node:20-bookworm-slim AS spa
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY schema.graphql /app/schema.graphql
RUN npm run build

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY backend/ backend/
COPY migrations/ migrations/
RUN pip install --no-cache-dir --no-deps -e .
COPY --from=spa /app/frontend/dist frontend/dist
# The server runs as an unprivileged user that owns only its data folder.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin interview \
    && mkdir -p /data && chown interview:interview /data
ENV HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
USER interview
EXPOSE 8000
# Migrations and personas on start, then serve.
CMD ["sh", "-c", "interview migrate && interview seed && interview serve"]

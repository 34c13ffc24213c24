# Sổ Hội — one image for the web server and the workers (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm AS assets
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SOHOI_INSTANCE=/data/instance FILES_DIR=/data/files
WORKDIR /app
# A font with Vietnamese letters for the charts in reports.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /src/node_modules/htmx.org/dist/htmx.min.js webapp/static/vendor/htmx.min.js
RUN pybabel compile --use-fuzzy -d translations \
    && useradd --system --uid 1000 --home /data sohoi \
    && mkdir -p /data/files /data/instance /backups && chown -R sohoi /data /backups
USER sohoi
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-", "wsgi:app"]

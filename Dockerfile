# Production image: one image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=kooperation.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY pyproject.toml ./
COPY kooperation/ kooperation/
COPY cases/ cases/
COPY plans/ plans/
COPY partners/ partners/
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings but no real secrets.
RUN SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 kooperation && mkdir -p /app/media \
 && chown kooperation /app/media
USER kooperation
EXPOSE 8000
# Proxy headers only from TRUSTED_PROXIES, no Server banner (see the config).
CMD ["gunicorn", "-c", "kooperation/gunicorn_conf.py", "kooperation.wsgi:application"]

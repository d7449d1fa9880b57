# PostgreSQL 15 for docker-compose.yml: Debian bookworm's postgresql-15 on the pinned Debian base
# (see docker/api.Dockerfile on pinning by digest). Ours rather than the official postgres image,
# so the image CI tests (it cannot pull) is the one a clinic runs. docker/db-entrypoint.sh honours
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB like the official image; the data folder is
# /var/lib/postgresql/data, owned by uid 999 as there.
FROM debian:12.15-slim
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* /var/log/apt /var/log/dpkg.log /var/log/postgresql \
      /var/lib/postgresql/15 /etc/postgresql/15 \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql \
 && chmod 0700 /var/lib/postgresql/data
COPY docker/db-entrypoint.sh /usr/local/bin/db-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=3s --timeout=3s --start-period=20s --retries=10 \
  CMD ["sh", "-c", "pg_isready -q -h /var/run/postgresql -U \"${POSTGRES_USER:-postgres}\" -d \"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\""]
ENTRYPOINT ["db-entrypoint.sh"]
CMD ["postgres"]

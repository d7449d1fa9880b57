# The Stride console: its built files served by Debian's nginx, which proxies /api to the API.
# Build from the repository root: docker build -f docker/console.Dockerfile .
#
# Bases are pinned by exact tag (see docker/api.Dockerfile for why not by digest here, and how a
# deployer pins @sha256:). nginx is Debian bookworm's package (1.22), installed on the pinned
# Debian base, so the console gets Debian's security updates with the base.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY libs/clinical/package.json libs/clinical/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --workspace frontend --include-workspace-root --no-audit --no-fund \
 && test -d node_modules/@angular/core
COPY libs/clinical libs/clinical
COPY frontend frontend
# The console's API types (@stride/api) are generated in the build from the API's committed
# document; nothing else of the backend is needed.
COPY backend/openapi.json backend/
RUN npm run build -w frontend

FROM debian:12.15-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/* /var/log/apt /var/log/dpkg.log /etc/nginx/sites-enabled /etc/nginx/conf.d \
 && nginx -V 2>&1 | grep -q -- --with-http_sub_module && nginx -V 2>&1 | grep -q -- --with-http_gzip_static_module
COPY docker/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx-security-headers.conf /etc/nginx/stride-security-headers.conf
COPY --from=build /app/frontend/dist/browser /usr/share/stride/console
# Unprivileged: nginx listens on 8080 and keeps its pid and temporary files in /tmp.
USER www-data
EXPOSE 8080
STOPSIGNAL SIGQUIT
# Healthy only if the page AND the API through this nginx answer (a dead or unresolvable
# upstream makes the console unhealthy). bash's /dev/tcp: no HTTP client in the image.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=5 CMD ["bash", "-c", \
  "for p in /api/v1/health /; do exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' $p >&3 && head -n 1 <&3 | grep -q ' 200 ' || exit 1; exec 3<&-; done"]
CMD ["nginx", "-g", "daemon off;"]

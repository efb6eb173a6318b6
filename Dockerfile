# Build stage: compile TypeScript with dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds, and the sources are not copied yet; the build runs below.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY workers ./workers
COPY test ./test
COPY bench ./bench
COPY ui ./ui
RUN npx tsc -p . && npm run -s build:ui

# Runtime stage: production dependencies, compiled JS, data files; runs as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Data files read at run time (lexicons, rule weights) and the bundled model.
COPY src/scoring/lexicons ./src/scoring/lexicons
COPY src/scoring/data ./src/scoring/data
COPY models ./models
USER node
EXPOSE 8080
# node itself, not npm (which does not pass SIGTERM on): `docker stop` starts the graceful drain. Run with an init
# (`docker run --init`, compose's `init: true`) so zombies are reaped. docker-compose.yml overrides the healthcheck
# for workers (`health --worker`).
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD ["node", "dist/src/cli.js", "health", "--api"]
CMD ["node", "dist/src/cli.js", "serve"]

# Build stage: compile TypeScript with dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
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
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY src/scoring/lexicons ./src/scoring/lexicons
COPY models ./models
USER node
EXPOSE 8080
CMD ["npm", "start"]

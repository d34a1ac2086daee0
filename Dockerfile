# Chainwarden service image. Node 24 LTS (Node 20 is past end of life); tests run on the CI machine's Node 20.
# Build stage: every dependency, then dist/ (src compiled to JavaScript) and the empty PGlite database
# template (scripts/build.js). Runtime stage: production dependencies, dist/ and the files it reads.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.js

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    CHAINWARDEN_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
# bin/chainwarden.js imports scripts/build.js, which finds no src/ here and uses dist/ as built.
COPY scripts/build.js ./scripts/build.js
COPY --from=build /app/dist ./dist
COPY --from=build /app/.cache ./.cache
COPY migrations ./migrations
# The bundled public lists, loaded at first start (not the database: that lives in /data).
COPY data ./data
# The font the trace diagram is drawn with (DejaVu Sans Mono; the slim image has no fonts).
COPY assets ./assets
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]

# Order Sandbox — multi-stage image: build with dev dependencies, run compiled JavaScript as non-root.
#   docker build -t order-sandbox .
#   docker run -p 4010:4010 -v sandbox-data:/data order-sandbox
# Every flag has an env equivalent: PORT, HOST, SANDBOX_DATA, SANDBOX_SEED, SANDBOX_SCENARIOS, SANDBOX_ARM, SANDBOX_STRICT,
# SANDBOX_ADMIN_TOKEN, SANDBOX_LOG_LEVEL, HTTPS_PORT (then publish it too; the sandbox CA is kept in /data/tls),
# SANDBOX_TLS_CERT, SANDBOX_TLS_KEY. Shipped scenarios are in /app/scenarios, loaded disarmed
# (SANDBOX_SCENARIOS=scenarios; requests name one in X-Sandbox-Scenario, or SANDBOX_ARM=kustom-capture-outage arms it).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) runs below, once the sources are in.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY vendor ./vendor
COPY src ./src
# The code cache's start (below) seeds the demo tenants from them.
COPY fixtures ./fixtures
# scripts/clean-dist.mjs empties dist/; tsc; scripts/build-ui.mjs: the dashboard's files and Scalar's browser bundle (vendor/) into dist/ui/public;
# scripts/bundle-cli.mjs: dist/cli-bundle.cjs, the one-script CLI the bin dist/cli.js runs (faker stays in node_modules), and
# dist/cli-bundle.cache, its V8 code cache, made by starting it once (the runtime stage's Node.js is this one: V8 takes it).
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4010 \
    HOST=0.0.0.0 \
    SANDBOX_DATA=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
COPY scenarios ./scenarios
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/__admin/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js"]

# One image recipe for every Parcelstream app (see docs/deployment.md).
#
#   docker build --build-arg APP=order-service -t parcelstream/order-service .
#
# APP is the Nx project: order-service | shipment-service | carrier-sync-service | tracking-service | api-gateway |
# carrier-simulator. The same image runs the app (`node main.js`, the default) and, for the four services with a
# schema, their migrations (`node migrate.js`); the gateway and the simulator have no database and no migrate.js.
# Only classic Dockerfile syntax is used (no BuildKit-only features), so the legacy builder and
# docker-compose v1 can build it too.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- stage 1: build the app's webpack bundle with Nx ---------------------------------------------------
FROM ${NODE_IMAGE} AS build
ARG APP
RUN test -n "${APP}" || { echo "build arg APP is required, e.g. --build-arg APP=order-service" >&2; exit 1; }
WORKDIR /workspace
# Nx without a network or a daemon (see TOOLCHAIN.md "Nx without internet")
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_USE_LOCAL=true \
    SCARF_ANALYTICS=false \
    CI=true
# Dependencies first: this layer is reused until package.json / package-lock.json change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# An app whose project.json builds a `migrate` entry must ship migrate.js.
RUN npx nx run "${APP}:build" --skip-nx-cache \
 && test -f "dist/apps/${APP}/main.js" \
 && test -f "dist/apps/${APP}/package.json" \
 && { ! grep -q '"entryName": *"migrate"' "apps/${APP}/project.json" || test -f "dist/apps/${APP}/migrate.js"; }

# ---- stage 2: runtime, production dependencies only ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG APP
# tini as PID 1: forwards SIGTERM to node (graceful drain) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
LABEL org.opencontainers.image.title="parcelstream/${APP}" \
      org.opencontainers.image.source="Dockerfile at the Parcelstream repository root"
ENV NODE_ENV=production \
    PARCELSTREAM_APP=${APP} \
    SCARF_ANALYTICS=false
WORKDIR /app
# Owned by root and only readable by `node`: the app cannot rewrite its own code.
COPY --from=build /workspace/dist/apps/${APP}/ ./
# The generated package.json + package-lock.json list exactly the bundle's runtime dependencies.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
USER node
# PORT (the gateway: GATEWAY_PORT) is set by compose / Kubernetes; the map is the apps' own defaults for a bare
# `docker run`.
# slim images have no curl: probe with node itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={'order-service':3001,'shipment-service':3002,'carrier-sync-service':3003,'tracking-service':3004,'api-gateway':8080,'carrier-simulator':3100};const p=Number(process.env.GATEWAY_PORT||process.env.PORT||d[process.env.PARCELSTREAM_APP]||3000);require('http').get({host:'127.0.0.1',port:p,path:'/health/live',timeout:3000},(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1));"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "main.js"]

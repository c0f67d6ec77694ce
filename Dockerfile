# Portolan as a container image: the dashboard, and `portolan agent` (same image, another command).
#   docker build -t portolan .
#   docker run -d -p 127.0.0.1:3000:3000 -v /var/run/docker.sock:/var/run/docker.sock \
#     --group-add "$(stat -c %g /var/run/docker.sock)" portolan
# See docs/deploy.md. No registry in reach (the lab)? `npm run lab -- image` builds this same file.

# ---- build: every dependency, the production build of the pages, the server bundled -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# NOTE: deploy/npm-cache/ holds only its README in the repository; the lab fills it with the
# lock's packages and passes NPM_CI_FLAGS=--offline, since no registry is reachable there.
COPY deploy/npm-cache/ /tmp/npm-cache/
ARG NPM_CI_FLAGS=""
RUN npm ci --no-audit --no-fund --ignore-scripts --cache /tmp/npm-cache $NPM_CI_FLAGS
COPY . .
RUN PORTOLAN_STANDALONE=1 npx next build && node scripts/bundle-server.mjs

# ---- run: the official Node 20 slim image, Next's standalone output (what the renderer needs) and
# the bundled server; no node_modules of the build, no sources
FROM node:20-bookworm-slim
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="Portolan" \
      org.opencontainers.image.description="A live map of Docker container networks: swarm nodes, networks, containers, services, VIPs and ingress paths, streamed from Docker events." \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.documentation="docs/deploy.md" \
      org.opencontainers.image.base.name="node:20-bookworm-slim"
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000 PORTOLAN_STATE_DIR=/data
# NOTE: the code belongs to root and is read-only for the user that runs it; only /data is written.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/dist/portolan.mjs ./dist/portolan.mjs
COPY deploy/healthcheck.mjs ./dist/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
# NOTE: `node` (uid 1000, the base image's own user) is not root; the Docker socket is reached
# through its group, given at run time (`--group-add <the socket's gid>`): it differs per host.
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/healthcheck.mjs"]
ENTRYPOINT ["node", "dist/portolan.mjs"]

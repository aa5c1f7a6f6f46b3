# syntax=docker/dockerfile:1
# Folio: a cgo build (SQLite with FTS5) in a Go image, run from a small
# Debian image as a non-root user with the data on a volume.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -ldflags "-s -w" -o /out/folio ./cmd/folio

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data --shell /usr/sbin/nologin folio \
 && mkdir -p /data && chown folio:folio /data
COPY --from=build /out/folio /usr/local/bin/folio
USER folio
WORKDIR /data
VOLUME ["/data"]
ENV FOLIO_ADDR=:8080 \
    FOLIO_DATABASE_URL=/data/folio.db
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["folio"]
CMD ["serve"]

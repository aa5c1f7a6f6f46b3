# Folio's build, test and spec targets. The README and .ci/run use these.
GO       ?= go
TAGS     := sqlite_fts5
BIN      := bin/folio
PKGS     := ./...

.PHONY: run build test test-postgres openapi spec-check lint fuzz bench clean

## run: start Folio on :8080 with the embedded SQLite default and demo content
run: build
	FOLIO_ADMIN_EMAIL=$${FOLIO_ADMIN_EMAIL:-admin@example.com} \
	FOLIO_ADMIN_PASSWORD=$${FOLIO_ADMIN_PASSWORD:-change-me-now} \
	./$(BIN) serve --demo

## build: the folio binary (cgo, FTS5)
build:
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -trimpath -o $(BIN) ./cmd/folio

## test: every test on SQLite, then again on PostgreSQL when FOLIO_TEST_POSTGRES_URL is set
test:
	env -u FOLIO_TEST_POSTGRES_URL $(GO) test -tags $(TAGS) -count=1 $(PKGS)
	@if [ -n "$$FOLIO_TEST_POSTGRES_URL" ]; then \
		echo "--- the same suite on PostgreSQL"; \
		$(GO) test -tags $(TAGS) -count=1 $(PKGS); \
	fi

## openapi: regenerate docs/ (swag, Swagger 2) and openapi.yaml (OpenAPI 3) from the annotations
openapi:
	bash scripts/spec-check.sh generate

## spec-check: fail when docs/ or openapi.yaml are stale; lint the spec and compile generated clients
spec-check:
	bash scripts/spec-check.sh

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) $(PKGS)

## fuzz: run each fuzz target for FUZZTIME (default 30s; or a number of runs, e.g. 100000x)
# CI counts runs: go1.26's fuzz coordinator can fail a run bounded by time with a bare
# "context deadline exceeded" at its end, having found nothing (golang/go#75804, fixed in go1.27).
# FUZZMINTIME bounds each minimization of a new input, during which no runs are counted.
FUZZTIME ?= 30s
FUZZMINTIME ?= 10s
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME)
fuzz:
	$(GO) test -tags $(TAGS) ./internal/markdown $(FUZZFLAGS) -fuzz FuzzRender
	$(GO) test ./internal/obs $(FUZZFLAGS) -fuzz FuzzAccessLogLine
	$(GO) test ./internal/content $(FUZZFLAGS) -fuzz FuzzSnippet
	$(GO) test ./internal/content $(FUZZFLAGS) -fuzz FuzzSlugify

## bench: the load benchmark of docs/benchmarks.md (BENCH_DURATION=10s, BENCH_CONNS=50, BENCH_SIZES=... tune it)
bench: build
	$(GO) build -trimpath -o bin/bench-ceiling ./bench/ceiling
	$(GO) build -trimpath -o bin/bench-load ./bench/load
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -trimpath -o bin/bench-run ./bench/run
	./bin/bench-run

clean:
	rm -rf bin

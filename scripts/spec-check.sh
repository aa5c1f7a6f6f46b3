#!/usr/bin/env bash
# spec-check.sh keeps Folio's OpenAPI document honest.
#
# Usage (from anywhere inside the repository):
#   scripts/spec-check.sh            run every check (what CI runs)
#   scripts/spec-check.sh generate   only regenerate docs/ and openapi.yaml in place
#
# The full check:
#   1. installs the pinned node tools (npm ci --prefix tools/spec) unless
#      tools/spec/node_modules already matches tools/spec/package-lock.json;
#   2. regenerates docs/swagger.{json,yaml} and openapi.yaml into a temporary
#      directory and fails if the files in the work tree differ (stale);
#   3. lints openapi.yaml with Redocly CLI and Spectral (errors fail, warnings do not);
#   4. generates a Go client with oapi-codegen and builds it;
#   5. generates TypeScript types with openapi-typescript and compiles them
#      with tsc --strict.
#
# Environment:
#   SPEC_CHECK_FORCE_NPM_CI=1   run npm ci even when node_modules looks current.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SPEC_TOOLS="tools/spec"
BIN="$SPEC_TOOLS/node_modules/.bin"
# oapi-codegen's generated client imports this runtime module; the check adds
# it to a scratch copy of go.mod only, so the real go.mod is never touched.
OAPI_RUNTIME="github.com/oapi-codegen/runtime@v1.9.0"
# Keep in step with the Makefile's openapi target (or have it run
# 'scripts/spec-check.sh generate'): any difference reads as a stale spec.
# shellcheck disable=SC2054 # the commas belong to swag's --dir and --outputTypes values
SWAG_ARGS=(
  init
  --quiet
  --generalInfo main.go
  --dir ./cmd/folio,./internal/httpapi,./api
  --outputTypes json,yaml
)
GENERATED=(docs/swagger.json docs/swagger.yaml openapi.yaml)

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1 NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

die() { printf '\nspec-check: FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; STEP_START=$SECONDS; }
done_step() { printf '    ok (%ss)\n' "$((SECONDS - STEP_START))"; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; $2"
}

# generate OUTDIR writes swagger.{json,yaml} to OUTDIR/docs and openapi.yaml to OUTDIR.
generate() {
  local out="$1"
  mkdir -p "$out/docs"
  go tool swag "${SWAG_ARGS[@]}" --output "$out/docs" || die "swag init failed (see its message above)"
  go run ./internal/tools/openapigen -in "$out/docs/swagger.json" -out "$out/openapi.yaml" ||
    die "openapigen could not convert docs/swagger.json (see its message above)"
}

install_node_tools() {
  step "node tools (npm ci --prefix $SPEC_TOOLS)"
  need node "Node.js 20.19+ is required for $SPEC_TOOLS"
  need npm "npm is required for $SPEC_TOOLS"
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
    die "Node.js $(node --version) is too old: @redocly/cli needs 20.19 or later"
  local stamp="$SPEC_TOOLS/node_modules/.spec-check-lock"
  if [[ "${SPEC_CHECK_FORCE_NPM_CI:-}" != 1 && -f "$stamp" ]] &&
    cmp -s "$stamp" "$SPEC_TOOLS/package-lock.json"; then
    echo "    node_modules matches package-lock.json; skipping npm ci"
  else
    # --ignore-scripts: none of the tools needs an install script, and the
    # only one in the tree (@scarf/scarf) is download telemetry.
    npm ci --prefix "$SPEC_TOOLS" --ignore-scripts --no-audit --no-fund --loglevel=error ||
      die "npm ci failed in $SPEC_TOOLS"
    cp "$SPEC_TOOLS/package-lock.json" "$stamp"
  fi
  done_step
}

check_fresh() {
  step "docs/ and openapi.yaml are up to date"
  generate "$TMP/gen"
  local stale=() f
  for f in "${GENERATED[@]}"; do
    if ! cmp -s "$f" "$TMP/gen/$f"; then
      stale+=("$f")
      if [[ -f "$f" ]]; then
        diff -u --label "$f (work tree)" --label "$f (regenerated)" "$f" "$TMP/gen/$f" | head -n 40 || true
      else
        echo "    $f does not exist"
      fi
    fi
  done
  if ((${#stale[@]})); then
    die "stale generated spec: ${stale[*]}
  The swag annotations changed but the generated files were not regenerated.
  Run 'scripts/spec-check.sh generate' (or 'make openapi') and commit docs/ and openapi.yaml."
  fi
  done_step
}

lint() {
  step "redocly lint (tools/spec/redocly.yaml)"
  "$BIN/redocly" lint --config "$SPEC_TOOLS/redocly.yaml" --format=stylish openapi.yaml ||
    die "Redocly reported errors in openapi.yaml (fix the swag annotations, then regenerate)"
  done_step
  step "spectral lint (tools/spec/.spectral.yaml)"
  "$BIN/spectral" lint --ruleset "$SPEC_TOOLS/.spectral.yaml" --fail-severity=error openapi.yaml ||
    die "Spectral reported errors in openapi.yaml (fix the swag annotations, then regenerate)"
  done_step
}

check_go_client() {
  step "Go client (oapi-codegen) builds"
  # A directory starting with _ is a valid package that ./... never matches.
  local pkg
  pkg="$(mktemp -d "$ROOT/_speccheck.XXXXXX")"
  CLEANUP+=("$pkg")
  go tool oapi-codegen -generate types,client -package folioclient -o "$pkg/client.gen.go" openapi.yaml ||
    die "oapi-codegen could not generate a client from openapi.yaml"
  cp go.mod "$TMP/go.mod"
  cp go.sum "$TMP/go.sum"
  local modflag="-modfile=$TMP/go.mod"
  # Always pin it: the module can already be in the graph (grpc-gateway,
  # under the OTLP exporter, requires an older one) without a go.sum entry.
  go get "$modflag" "$OAPI_RUNTIME" >/dev/null 2>&1 || die "cannot fetch $OAPI_RUNTIME"
  go build "$modflag" "./$(basename "$pkg")" || die "the generated Go client does not compile"
  done_step
}

check_ts_types() {
  step "TypeScript types (openapi-typescript + tsc --strict) compile"
  local dir="$TMP/ts"
  mkdir -p "$dir"
  "$BIN/openapi-typescript" openapi.yaml --output "$dir/folio.ts" >/dev/null ||
    die "openapi-typescript could not generate types from openapi.yaml"
  cat >"$dir/check.ts" <<'EOF'
import type { components, operations, paths } from "./folio";
export type Paths = keyof paths;
export type Schemas = components["schemas"];
export type OperationIDs = keyof operations;
EOF
  "$BIN/tsc" --noEmit --strict --target es2022 --module esnext --moduleResolution bundler \
    --isolatedModules --noUnusedLocals "$dir/check.ts" "$dir/folio.ts" ||
    die "the generated TypeScript types do not compile"
  done_step
}

main() {
  need go "Go is required"
  TMP="$(mktemp -d)"
  CLEANUP=("$TMP")
  trap 'rm -rf "${CLEANUP[@]}"' EXIT
  case "${1:-check}" in
    generate)
      generate "$TMP/gen"
      mkdir -p docs
      for f in "${GENERATED[@]}"; do
        cmp -s "$TMP/gen/$f" "$f" || cp "$TMP/gen/$f" "$f"
      done
      echo "spec-check: regenerated ${GENERATED[*]}"
      ;;
    check)
      local start=$SECONDS
      install_node_tools
      check_fresh
      lint
      check_go_client
      check_ts_types
      printf '\nspec-check: OK (%ss)\n' "$((SECONDS - start))"
      ;;
    *)
      die "unknown mode '$1' (use: check | generate)"
      ;;
  esac
}

main "$@"

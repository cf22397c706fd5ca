#!/usr/bin/env bash
# The install-as-a-user test (make test-package): needs target/package/ (make package),
# www/dist (make dist), Debian's chromium and tests/e2e's playwright-core.
set -euo pipefail
cd "$(dirname "$0")"
[ -f ../e2e/node_modules/playwright-core/package.json ] || npm ci --prefix ../e2e --no-audit --no-fund --loglevel=error
exec node --test --test-concurrency=1 --test-timeout=180000 user.test.mjs

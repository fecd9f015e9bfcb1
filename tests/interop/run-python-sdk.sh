#!/usr/bin/env bash
# Amazon's Python SDK against billing-engine: `tests/interop/run-python-sdk.sh <sdk dir>`, the SDK
# being a checkout of amzn/amazon-pay-sdk-python (not vendored here). Its dependencies come from
# Debian: apt-get install -y python3-requests python3-openssl (Debian's /usr/bin/python3 sees them).
# Starts the service in a scratch directory on a free port, makes a Draft agreement with the
# buyer's steps (JSON API, through `billing-engine agreements`), then runs the SDK's scenario.
set -euo pipefail
SDK=${1:?usage: tests/interop/run-python-sdk.sh <path to amazon-pay-sdk-python>}
SDK=$(cd "$SDK" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BE="node $ROOT/infrastructure/cli/bin.mjs"
cd "$WORK"
PORT=$PORT LOG_LEVEL=warn $BE serve 2> serve.err > serve.log &
SERVICE=$!
for _ in $(seq 100); do grep -q 'serving on' serve.err 2>/dev/null && break; sleep 0.1; done
export PORT
BA=$($BE agreements create --name "Hanako Yamada" --email hanako@example.jp --json | node -p "JSON.parse(require('fs').readFileSync(0, 'utf8')).agreement.amazonBillingAgreementId")
$BE agreements consent "$BA" > /dev/null
$BE agreements select-payment "$BA" --descriptor "Visa ****1111" > /dev/null
read -r ACCESS SECRET SELLER < <(node -p "const c=require('./data/sandbox-credentials.json').sandbox; [c.accessKeyId, c.secretKey, c.sellerId].join(' ')")
echo "SDK $(cd "$SDK" && git log -1 --format='%h %s' 2>/dev/null || echo "$SDK"), Python $($PYTHON -c 'import sys; print(sys.version.split()[0])'), service on 127.0.0.1:$PORT, agreement $BA"
"$PYTHON" "$HERE/amazon_pay_python_sdk.py" "$SDK" "http://127.0.0.1:$PORT/OffAmazonPayments_Sandbox/2013-01-01" "$ACCESS" "$SECRET" "$SELLER" "$BA"

#!/bin/sh
# Starts the Release build of the app for the case benchmark (see docs/benchmarks.md).
# Keys are generated once into $BENCH_DATA/keys.env and reused, so restarts keep the sessions of cases-setup
# (the session keys are in the database, sealed under Identity__DataProtection__KeyRingKey).
set -e
data=${BENCH_DATA:-/tmp/cases-bench/data}; mkdir -p "$data"
# Outside Development every at-rest key must be configured (docs/ARCHITECTURE.md, Security); a keys.env from before the
# integration and licence keys were required gets those two added.
if [ ! -f "$data/keys.env" ]; then
  printf 'export Identity__DataProtection__EncryptionKey=%s Identity__DataProtection__IndexKey=%s Oidc__KeyEncryptionKey=%s\n' \
    "$(openssl rand -base64 32)" "$(openssl rand -base64 32)" "$(openssl rand -base64 32)" > "$data/keys.env"
fi
if ! grep -q Licences__KeyEncryptionKey "$data/keys.env"; then
  printf 'export Integration__SecretEncryptionKey=%s Licences__KeyEncryptionKey=%s\n' \
    "$(openssl rand -base64 32)" "$(openssl rand -base64 32)" >> "$data/keys.env"
fi
if ! grep -q Exchange__IndexKey "$data/keys.env"; then
  printf 'export Exchange__IndexKey=%s Exchange__KeyEncryptionKey=%s\n' "$(openssl rand -base64 32)" "$(openssl rand -base64 32)" >> "$data/keys.env"
fi
# The data-protection key ring (sessions, antiforgery) is in the database, sealed under this key (docs/identity.md).
if ! grep -q Identity__DataProtection__KeyRingKey "$data/keys.env"; then
  printf 'export Identity__DataProtection__KeyRingKey=%s\n' "$(openssl rand -base64 32)" >> "$data/keys.env"
fi
. "$data/keys.env"
cd "$(dirname "$0")/../../src/OneWindow.Web/bin/Release/net10.0"
export ASPNETCORE_ENVIRONMENT=Staging ASPNETCORE_URLS=${BENCH_URL:-http://127.0.0.1:5090}
export ConnectionStrings__OneWindow="${BENCH_PG:-Host=127.0.0.1;Port=55510;Username=postgres;Database=bench_cases;Maximum Pool Size=100}"
# The progress limit is per client address and wrk is one address; registration and sign-in limits for the setup.
export Cases__ProgressPermitPerMinute=100000000 Identity__Registration__PermitPerMinute=100000 Identity__SignIn__PermitPerMinute=100000
# Text messages and mail are dropped (docs/identity.md: "discard", for load tests).
export Identity__Messaging__Sender=discard
export Logging__LogLevel__Default=Warning
exec dotnet OneWindow.Web.dll

#!/bin/sh
# Starts the Release build of the app against the benchmark database (see docs/benchmarks.md).
# Throwaway keys: the benchmark database holds only generated applicants.
cd "$(dirname "$0")/../../src/OneWindow.Web/bin/Release/net10.0"
export ASPNETCORE_ENVIRONMENT=Staging ASPNETCORE_URLS=http://127.0.0.1:5090
export ConnectionStrings__OneWindow="${BENCH_PG:-Host=127.0.0.1;Port=55510;Username=postgres;Database=bench_cases;Maximum Pool Size=100}"
export Cases__ProgressPermitPerMinute=100000000 Identity__Registration__PermitPerMinute=100000 Identity__SignIn__PermitPerMinute=100000
export Identity__DataProtection__EncryptionKey=${BENCH_KEY1:-$(openssl rand -base64 32)} Identity__DataProtection__IndexKey=${BENCH_KEY2:-$(openssl rand -base64 32)}
export Oidc__KeyEncryptionKey=${BENCH_KEY3:-$(openssl rand -base64 32)} rand -base64 32)}
export Logging__LogLevel__Default=Warning
exec dotnet OneWindow.Web.dll

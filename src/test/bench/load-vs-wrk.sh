#!/usr/bin/env bash
# Benchmark of `leakgate load` against wrk on the same nginx (docs/performance.md).
# Needs nginx-light, wrk and taskset (util-linux); the server gets core 0, the generator core 1.
# Usage: src/test/bench/load-vs-wrk.sh [duration-seconds]   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECONDS_EACH=${1:-20}
JAR=target/quarkus-app/quarkus-run.jar
PORT=18099
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT

cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $WORK;
  server {
    listen 127.0.0.1:$PORT;
    location / { return 200 "ok\n"; }
  }
}
CONF
taskset -c 0 nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.5
URL=http://127.0.0.1:$PORT/

for c in 16 64; do
  echo "== wrk, 1 thread, $c connections, ${SECONDS_EACH}s"
  taskset -c 1 wrk -t1 -c"$c" -d"${SECONDS_EACH}s" "$URL" | grep -E 'Requests/sec|Latency'
  echo "== leakgate load --concurrency $c, ${SECONDS_EACH}s"
  taskset -c 1 java -jar "$JAR" load --url "$URL" --concurrency "$c" --duration "${SECONDS_EACH}s" \
    --output json 2>/dev/null
done

# The open model runs on C1 only, as the operator's load Jobs run it (LoadJobs.loadEnv);
# OPEN_JVM_OPTIONS= (empty) measures it with the default JIT instead.
OPEN_JVM_OPTIONS=${OPEN_JVM_OPTIONS--XX:TieredStopAtLevel=1}
for rate in ${RATES:-1000 2000 5000 10000 14000 20000}; do
  echo "== leakgate load --rate $rate, ${SECONDS_EACH}s, JVM options: ${OPEN_JVM_OPTIONS:-default}"
  JAVA_TOOL_OPTIONS="$OPEN_JVM_OPTIONS" taskset -c 1 java -jar "$JAR" load --url "$URL" \
    --rate "$rate" --max-in-flight 256 --duration "${SECONDS_EACH}s" --output json 2>/dev/null || true
done

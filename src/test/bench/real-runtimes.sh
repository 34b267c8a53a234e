#!/usr/bin/env bash
# Live runs of the real runtime services (docs/prometheus.md, "Real runtimes"): each round starts
# every build of src/test/{go,node,python}/recommend and gates them all at once with `leakgate
# run`, as RealRuntimesIT does, then prints one line per gate: round, gate, exit code, verdict,
# reason and message. Needs what .ci/install-test-deps installs.
# Usage: src/test/bench/real-runtimes.sh [rounds] [scrape] [baseline] [load] [timeout]
#   defaults: 5 rounds of the short shape, 1s 60s 30s 2m  (after ./mvnw package)
#   OUT=DIR keeps each gate's recording there as GATE-ROUND.json.
#   PROMETHEUS=1 has a real Prometheus (Debian's) scrape the services, and the gates read it.
#   JAR=PATH runs that build of LeakGate, e.g. a copy of target/quarkus-app, so that a long run
#   survives a rebuild meanwhile.
#   ONLY=REGEX runs only the gates whose names match, e.g. ONLY='^jvm' for LeakGate's own JVM
#   sample service under G1 and Serial GC at -Xmx256m and 1g, with Micrometer's and
#   OpenTelemetry's names, and with its memory leak (not in the default set).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-5}
SCRAPE=${2:-1s}
BASELINE=${3:-60s}
LOAD=${4:-30s}
TIMEOUT=${5:-2m}
JAR=${JAR:-$PWD/target/quarkus-app/quarkus-run.jar}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

(cd src/test/go/recommend && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$WORK/recommend-go" .)

# gate preset command...
CASES=(
  "go-fixed go $WORK/recommend-go -leak none"
  "go-stuck go $WORK/recommend-go -leak goroutines"
  "go-retains go $WORK/recommend-go -leak memory"
  "node-fixed nodejs node src/test/node/recommend/server.js --leak none"
  "node-open nodejs node src/test/node/recommend/server.js --leak handles"
  "node-retains nodejs node src/test/node/recommend/server.js --leak memory"
  "py-fixed python /usr/bin/python3 src/test/python/recommend/server.py --leak none"
  "py-blocked python /usr/bin/python3 src/test/python/recommend/server.py --leak threads"
)
JVM_CASES=(
  "jvm-g1-256m jvm java -XX:+UseG1GC -Xmx256m -jar $JAR sample-service --port 0 --leak off"
  "jvm-serial-256m jvm java -XX:+UseSerialGC -Xmx256m -jar $JAR sample-service --port 0 --leak off"
  "jvm-g1-1g jvm java -XX:+UseG1GC -Xmx1g -jar $JAR sample-service --port 0 --leak off"
  "jvm-serial-1g jvm java -XX:+UseSerialGC -Xmx1g -jar $JAR sample-service --port 0 --leak off"
  "jvm-g1-leak jvm java -XX:+UseG1GC -Xmx256m -jar $JAR sample-service --port 0 --leak on"
  "jvm-serial-leak jvm java -XX:+UseSerialGC -Xmx256m -jar $JAR sample-service --port 0 --leak on"
  "jvm-g1-micrometer jvm java -XX:+UseG1GC -Xmx256m -jar $JAR sample-service --port 0 --leak off --metrics micrometer"
  "jvm-serial-micrometer-leak jvm java -XX:+UseSerialGC -Xmx256m -jar $JAR sample-service --port 0 --leak on --metrics micrometer"
  "jvm-serial-otel jvm java -XX:+UseSerialGC -Xmx256m -jar $JAR sample-service --port 0 --leak off --metrics opentelemetry"
  "jvm-g1-otel-leak jvm java -XX:+UseG1GC -Xmx256m -jar $JAR sample-service --port 0 --leak on --metrics opentelemetry"
  "jvm-g1-retains jvm java -XX:+UseG1GC -Xmx256m -jar $JAR sample-service --port 0 --leak memory"
  "jvm-serial-retains jvm java -XX:+UseSerialGC -Xmx256m -jar $JAR sample-service --port 0 --leak memory"
  "jvm-g1-1g-retains jvm java -XX:+UseG1GC -Xmx1g -jar $JAR sample-service --port 0 --leak memory"
  "jvm-serial-1g-retains jvm java -XX:+UseSerialGC -Xmx1g -jar $JAR sample-service --port 0 --leak memory"
)
if [ -n "${ONLY:-}" ]; then
  selected=()
  for entry in "${CASES[@]}" "${JVM_CASES[@]}"; do
    [[ "${entry%% *}" =~ $ONLY ]] && selected+=("$entry")
  done
  CASES=("${selected[@]}")
fi

for round in $(seq 1 "$ROUNDS"); do
  pids=()
  declare -A urls=()
  for entry in "${CASES[@]}"; do
    read -r gate preset command <<<"$entry"
    fifo="$WORK/$gate.out"
    $command >"$fifo" 2>"$WORK/$gate.log" &
    pids+=($!)
    for _ in $(seq 1 300); do grep -q "listening on" "$fifo" 2>/dev/null && break; sleep 0.1; done
    urls[$gate]=$(sed -n 's/^listening on //p' "$fifo" | head -n 1)
  done
  if [ -n "${PROMETHEUS:-}" ]; then
    # A real Prometheus scrapes every service as pod GATE-0 of namespace bench, and the gates
    # read it with the presets' PromQL, as the operator would.
    {
      echo "global: {scrape_interval: $SCRAPE, scrape_timeout: $SCRAPE}"
      echo "scrape_configs:"
      echo "  - job_name: bench"
      echo "    static_configs:"
      for entry in "${CASES[@]}"; do
        read -r gate _ <<<"$entry"
        echo "      - targets: ['${urls[$gate]#http://}']"
        echo "        labels: {namespace: bench, pod: $gate-0}"
      done
    } >"$WORK/prometheus.yml"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    rm -rf "$WORK/tsdb"
    prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
      --web.listen-address="127.0.0.1:$port" >"$WORK/prometheus.log" 2>&1 &
    pids+=($!)
    # run's baseline starts when it starts: Prometheus must be scraping by then.
    sleep 5
  fi
  for entry in "${CASES[@]}"; do
    read -r gate preset _ <<<"$entry"
    url=${urls[$gate]}
    if [ -n "${PROMETHEUS:-}" ]; then
      target="{name: $gate-0}"
      metadata="{name: $gate, namespace: bench}"
      prom="prometheus: {url: \"http://127.0.0.1:$port\"}"
    else
      target="{name: $gate-0, metricsUrl: \"$url/metrics\"}"
      metadata="{name: $gate}"
      prom=""
    fi
    cat >"$WORK/$gate.yaml" <<YAML
apiVersion: leakgate.dev/v1alpha1
kind: LeakGate
metadata: $metadata
spec:
  target: $target
  $prom
  signals: {presets: [$preset]}
  inconclusive: Block
  scrapeInterval: $SCRAPE
  baseline: {window: $BASELINE}
  load:
    http: {url: "$url/api/recommend", rate: 100, duration: $LOAD, timeout: 2s}
  recovery: {timeout: $TIMEOUT}
YAML
    (rc=0
     java -jar "$JAR" run "$WORK/$gate.yaml" --output json --record "$WORK/$gate-$round.json" \
       >"$WORK/$gate.verdict" 2>"$WORK/$gate.err" || rc=$?
     echo "$rc" >"$WORK/$gate.exit") &
  done
  while [ "$(ls "$WORK"/*.exit 2>/dev/null | wc -l)" -lt "${#CASES[@]}" ]; do sleep 1; done
  for entry in "${CASES[@]}"; do
    read -r gate _ <<<"$entry"
    python3 - "$round" "$gate" "$(cat "$WORK/$gate.exit")" "$WORK/$gate.verdict" <<'PY'
import json, sys
round_, gate, code, path = sys.argv[1:]
try:
    v = json.load(open(path))
    print(f"{round_}\t{gate}\t{code}\t{v['verdict']}\t{v['reason']}\t{v['message'][:160]}")
except Exception as e:
    print(f"{round_}\t{gate}\t{code}\tno verdict ({e})")
PY
  done
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  rm -f "$WORK"/*.exit
  if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp "$WORK"/*-"$round".json "$OUT"/; fi
done

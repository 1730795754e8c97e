#!/usr/bin/env bash
# The webhook load benchmark from a clean checkout (docs/benchmarks.md, "Webhook load"):
# builds the reactor with the bench module, starts heal8s on Open Liberty against the sandbox's Kubernetes API (on
# $SANDBOX_PORT; HTTP on $HTTP_PORT, a scratch copy of playbooks/), runs the load generator (a sustained phase, then the
# storm) and stops everything, whatever happens.
#
#   bench/load.sh                       # the defaults: 1,000 alerts/s for 60 s after 30 s of warm-up, then the storm
#   bench/load.sh --rate 2000 --max-rate-duration 30    # any further options go to the generator (--help lists them)
#   SKIP_BUILD=1 bench/load.sh ...      # keep the last bench/target/benchmarks.jar (the server is still built afresh)
#   SANDBOX=embedded bench/load.sh      # the sandbox inside heal8s, as the README's run command has it
#
# SANDBOX=external (the default) runs the sandbox as a process of its own (io.heal8s.sandbox.SandboxMain) and heal8s as
# in production: a production build (-Dproduction, no sandbox in the WAR), heal8s.kubernetes.mode=cluster, KUBECONFIG
# pointing at that API server. The server's RSS and CPU are then heal8s' own, not those of the API server's objects.
#
# Exit code: the generator's (0 done and the storm left exactly one Remediation per workload, 1 it did not, 2 error).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

HTTP_PORT=${HTTP_PORT:-9280}
SANDBOX_PORT=${SANDBOX_PORT:-9281}
HTTPS_PORT=${HTTPS_PORT:-9282}
wlp="$root/liberty-server/target/liberty/wlp"
pid_file="$wlp/usr/servers/.pid/heal8s.pid"

for port in "$HTTP_PORT" "$SANDBOX_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "load.sh: port $port is already in use; set HTTP_PORT / SANDBOX_PORT" >&2
    exit 2
  fi
done

SANDBOX=${SANDBOX:-external}
case "$SANDBOX" in
  external|embedded) ;;
  *) echo "load.sh: SANDBOX must be external or embedded, not '$SANDBOX'" >&2; exit 2 ;;
esac

playbooks=$(mktemp -d -t heal8s-load-playbooks.XXXXXX)
cp -r "$root/playbooks/." "$playbooks/"
sandbox_pid=

stop_server() {
  if [ -x "$wlp/bin/server" ]; then
    "$wlp/bin/server" stop heal8s >/dev/null 2>&1 || true
  fi
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$playbooks" "$playbooks.kubeconfig"
}
trap stop_server EXIT

# A server left by an interrupted run would hold the ports and the pid file.
if [ -x "$wlp/bin/server" ]; then
  "$wlp/bin/server" stop heal8s >/dev/null 2>&1 || true
fi
rm -rf "$wlp/usr/servers/heal8s"

liberty_vars=(
  -Dliberty.var.http.port="$HTTP_PORT"
  -Dliberty.var.https.port="$HTTPS_PORT"
  -Dliberty.var.heal8s.playbooks.dir="$playbooks"
)
if [ "$SANDBOX" = embedded ]; then
  liberty_vars+=(-Dliberty.var.heal8s.kubernetes.mode=sandbox -Dliberty.var.heal8s.sandbox.port="$SANDBOX_PORT")
  echo "load.sh: building (reactor, -Pbench) and starting heal8s on :$HTTP_PORT, sandbox API inside it on :$SANDBOX_PORT" >&2
  if [ -n "${SKIP_BUILD:-}" ]; then
    mvn -B -q -DskipTests -Dheal8s.load-server -pl liberty-server -am "${liberty_vars[@]}" package
  else
    # -DskipTests also leaves out the ITs' server; -Dheal8s.load-server starts this one at package (liberty-server/pom.xml).
    mvn -B -q -DskipTests -Pbench -Dheal8s.load-server "${liberty_vars[@]}" package
  fi
else
  if [ -z "${SKIP_BUILD:-}" ]; then
    echo "load.sh: building (reactor, -Pbench)" >&2
    mvn -B -q -DskipTests -Pbench package
  fi
  kubeconfig="$playbooks.kubeconfig"
  java -Xmx512m -cp "$root/bench/target/benchmarks.jar" io.heal8s.sandbox.SandboxMain "$SANDBOX_PORT" "$kubeconfig" \
    > "$root/bench/target/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 120); do
    [ -s "$kubeconfig" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "load.sh: the sandbox died; see bench/target/sandbox.log" >&2; exit 2; }
    sleep 0.5
  done
  echo "load.sh: sandbox API (pid $sandbox_pid) on :$SANDBOX_PORT; starting heal8s (production build) on :$HTTP_PORT" >&2
  # The server inherits KUBECONFIG from the plugin's environment: the fabric8 client finds the cluster as kubectl would.
  KUBECONFIG="$kubeconfig" mvn -B -q -DskipTests -Dproduction -Dheal8s.load-server -pl liberty-server -am \
    "${liberty_vars[@]}" -Dliberty.var.heal8s.kubernetes.mode=cluster package
fi

if [ ! -s "$pid_file" ]; then
  echo "load.sh: the server did not start (no $pid_file); see $wlp/usr/servers/heal8s/logs/messages.log" >&2
  exit 2
fi
echo "load.sh: sandbox $SANDBOX, server pid $(cat "$pid_file"), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(java -version 2>&1 | head -1)" >&2

status=0
java -Xmx512m -cp "$root/bench/target/benchmarks.jar" io.heal8s.bench.load.WebhookLoad \
  --url "http://127.0.0.1:$HTTP_PORT" --sandbox-api "http://127.0.0.1:$SANDBOX_PORT" \
  --server-pid-file "$pid_file" "$@" || status=$?
# Other work on the machine takes cores from the server and the generator: the figures are only as good as this.
echo "load.sh: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"

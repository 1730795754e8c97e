#!/usr/bin/env bash
# The GitOps benchmark from a clean checkout (docs/benchmarks.md, "GitOps: alert to pull request"): the time from an
# OOM alert to the pull request opened on GitHub, and the REST calls one pull request costs.
#
# Builds the reactor, starts the sandbox's Kubernetes API as a process of its own (io.heal8s.sandbox.SandboxMain, on
# $SANDBOX_PORT), starts heal8s as in production (a -Dproduction WAR, heal8s.kubernetes.mode=cluster, KUBECONFIG; HTTP
# on $HTTP_PORT; a scratch copy of playbooks/) with GitHub at the fake on $GITHUB_PORT, then runs the generator
# (io.heal8s.bench.load.PullRequestLatency), which runs the fake GitHub itself, and stops everything, whatever happens.
#
#   bench/gitops.sh                              # 5 warm-up alerts, 50 one at a time, then a burst of 50
#   bench/gitops.sh --sequential 100 --burst 0   # any further options go to the generator (--help lists them)
#   SKIP_BUILD=1 bench/gitops.sh ...             # keep the last bench/target/benchmarks.jar (the server is rebuilt)
#   SERVER_JVM_ARGS=-Xmx384m bench/gitops.sh     # JVM options for heal8s after its jvm.options (Liberty's JVM_ARGS)
#
# Exit code: the generator's (0 every pull request opened once with the expected change, 1 not, 2 error).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

HTTP_PORT=${HTTP_PORT:-9580}
SANDBOX_PORT=${SANDBOX_PORT:-9581}
GITHUB_PORT=${GITHUB_PORT:-9582}
HTTPS_PORT=${HTTPS_PORT:-9583}
wlp="$root/liberty-server/target/liberty/wlp"
pid_file="$wlp/usr/servers/.pid/heal8s.pid"

for port in "$HTTP_PORT" "$SANDBOX_PORT" "$GITHUB_PORT" "$HTTPS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "gitops.sh: port $port is already in use; set HTTP_PORT / SANDBOX_PORT / GITHUB_PORT / HTTPS_PORT" >&2
    exit 2
  fi
done

scratch=$(mktemp -d -t heal8s-gitops-bench.XXXXXX)
chmod 700 "$scratch"
mkdir "$scratch/playbooks"
cp -r "$root/playbooks/." "$scratch/playbooks/"
# Fresh secrets for this run only: the token heal8s sends to the fake GitHub, and the webhook's bearer token.
(umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$scratch/github-token")
HEAL8S_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export HEAL8S_WEBHOOK_TOKEN
sandbox_pid=

stop_all() {
  if [ -x "$wlp/bin/server" ]; then
    "$wlp/bin/server" stop heal8s >/dev/null 2>&1 || true
  fi
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop_all EXIT

# A server left by an interrupted run would hold the ports and the pid file.
if [ -x "$wlp/bin/server" ]; then
  "$wlp/bin/server" stop heal8s >/dev/null 2>&1 || true
fi
rm -rf "$wlp/usr/servers/heal8s"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "gitops.sh: building (reactor, -Pbench)" >&2
  mvn -B -q -DskipTests -Pbench package
fi

kubeconfig="$scratch/kubeconfig"
java -Xmx512m -cp "$root/bench/target/benchmarks.jar" io.heal8s.sandbox.SandboxMain "$SANDBOX_PORT" "$kubeconfig" \
  > "$root/bench/target/gitops-sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 120); do
  [ -s "$kubeconfig" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { echo "gitops.sh: the sandbox died; see bench/target/gitops-sandbox.log" >&2; exit 2; }
  sleep 0.5
done

echo "gitops.sh: sandbox API (pid $sandbox_pid) on :$SANDBOX_PORT; starting heal8s (production build) on :$HTTP_PORT," \
  "GitHub at the generator's fake on :$GITHUB_PORT" >&2
# The server inherits KUBECONFIG from the plugin's environment. The webhook token goes in as a server variable (the
# pom's default, sandbox-token, is one too and would win over the environment).
KUBECONFIG="$kubeconfig" JVM_ARGS="${SERVER_JVM_ARGS:-}" mvn -B -q -DskipTests -Dproduction -Dheal8s.load-server -pl liberty-server -am \
  -Dliberty.var.http.port="$HTTP_PORT" \
  -Dliberty.var.https.port="$HTTPS_PORT" \
  -Dliberty.var.heal8s.playbooks.dir="$scratch/playbooks" \
  -Dliberty.var.heal8s.kubernetes.mode=cluster \
  -Dliberty.var.heal8s.webhook.token="$HEAL8S_WEBHOOK_TOKEN" \
  -Dliberty.var.heal8s.github.api-url="http://127.0.0.1:$GITHUB_PORT" \
  -Dliberty.var.heal8s.github.token-file="$scratch/github-token" \
  -Dliberty.var.heal8s.gitops.repository=acme/k8s-manifests \
  package

if [ ! -s "$pid_file" ]; then
  echo "gitops.sh: the server did not start (no $pid_file); see $wlp/usr/servers/heal8s/logs/messages.log" >&2
  exit 2
fi
echo "gitops.sh: server pid $(cat "$pid_file"), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(java -version 2>&1 | head -1)" >&2

status=0
java -Xmx512m -cp "$root/bench/target/benchmarks.jar" io.heal8s.bench.load.PullRequestLatency \
  --url "http://127.0.0.1:$HTTP_PORT" --sandbox-api "http://127.0.0.1:$SANDBOX_PORT" --github-port "$GITHUB_PORT" \
  --github-token-file "$scratch/github-token" "$@" || status=$?
# A server that died (an OutOfMemoryError ends it: -XX:+ExitOnOutOfMemoryError) says so only in its console log.
if grep -h 'OutOfMemoryError' "$wlp/usr/servers/heal8s/logs/console.log" >&2; then
  echo "gitops.sh: heal8s ran out of memory during the run; see $wlp/usr/servers/heal8s/logs/" >&2
fi
# Other work on the machine takes cores from the server and the generator: the figures are only as good as this.
echo "gitops.sh: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"

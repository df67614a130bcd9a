#!/usr/bin/env bash
# Retakes the JConsole screenshots in docs/img, as root on Debian 12: starts Xvfb, the demo JVM (bpfjmx on
# log_syscalls and types, examples/jolokia/start-demo.sh) and JConsole connected to it by PID. JConsole is driven by
# docs/screenshots/JConsoleDriver.java, an agent in JConsole's own JVM that seeds types' map flows over JMX, then
# clicks through the MBeans tab (the map's attributes; the seed's example in hex: the updateElem form, its result,
# an error, a lookup; the same typed: the update form and a lookup; flows' KeyType/ValueType and its Entries field
# by field; the meters) and captures the screen. docs/img changes only if every screenshot was taken. Look at each
# one before committing it.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/prerequisites.sh

packages=()
command -v Xvfb >/dev/null || packages+=(xvfb)
command -v jconsole >/dev/null || packages+=(openjdk-17-jdk) # JConsole is not in the -headless package
if [ ${#packages[@]} -gt 0 ]; then
	echo "installing ${packages[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if [ ! -f agent/target/bpfjmx-agent.jar ] || [ ! -d examples/target/classes/io ]; then
	./mvnw -q -B -pl examples -am package -DskipTests
fi

work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait # the demo JVM closes its BPF object on the way out
	rm -rf "$work"
}
trap cleanup EXIT

display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)

JOLOKIA=none PROMETHEUS_PORT=none BPF_OBJECTS="bpf/log_syscalls.bpf.o bpf/types.bpf.o" \
	examples/jolokia/start-demo.sh >"$work/demo.log" 2>&1 &
pids+=($!) # start-demo.sh execs java: this is the demo JVM
demo=$!
for _ in $(seq 300); do
	grep -q "demo host ready" "$work/demo.log" && [ -e "/tmp/.X11-unix/X$display" ] && break
	kill -0 "$demo" 2>/dev/null || { cat "$work/demo.log" >&2; echo "the demo JVM stopped" >&2; exit 1; }
	sleep 0.1
done
grep -q "demo host ready" "$work/demo.log" || { cat "$work/demo.log" >&2; echo "the demo JVM did not start in 30 s" >&2; exit 1; }

mkdir "$work/driver" "$work/img"
javac -d "$work/driver" docs/screenshots/JConsoleDriver.java
printf 'Premain-Class: JConsoleDriver\n' >"$work/manifest"
jar --create --file "$work/driver.jar" --manifest "$work/manifest" -C "$work/driver" .
if ! DISPLAY=":$display" timeout 300 jconsole -J-javaagent:"$work/driver.jar=$demo,$work/img" -interval=1 "$demo"; then
	cat "$work/img/failure.txt" "$work/demo.log" >&2 2>/dev/null || true
	echo "JConsole did not finish its screenshots (its reason and the demo's output are above)" >&2
	exit 1
fi
cp "$work"/img/*.png docs/img/
ls -l docs/img/jconsole-*.png

#!/usr/bin/env python3
"""Where the time of a JFR recording goes, by stage of bpfjmx's update path (BENCHMARKS.md, "Profiles").

    benchmarks/jfr_summary.py RECORDING.jfr [THREAD-NAME-PREFIX]

Reads jdk.ExecutionSample (thread in Java) and jdk.NativeMethodSample (thread in native code: system calls, JNA)
with `jfr print --json` (the jfr of JAVA_HOME, else of the PATH), keeps the samples of threads whose name starts
with THREAD-NAME-PREFIX (default: all threads whose stacks reach bpfjmx or JMX code), and counts each sample once,
under the first stage found walking its stack from the innermost frame outwards. JFR's "profile" settings sample
threads in Java every 10 ms and threads in native code every 20 ms, so a native sample weighs 2 (NATIVE_WEIGHT=...
to change it): the weighted share is the share of the thread's time.
"""
import json
import os
import subprocess
import sys
from collections import Counter

# (stage, frame prefixes): a frame whose "class.method" starts with a prefix belongs to the stage
STAGES = [
    ("audit log record (java.util.logging: format, write, flush)", ["java.util.logging."]),
    ("audit notification (CompositeData, send)", ["io.bpfjmx.agent.AuditEmitter", "io.bpfjmx.agent.OpenTypes",
                                                  "javax.management.NotificationBroadcasterSupport",
                                                  "javax.management.openmbean."]),
    ("audit line (strings)", ["io.bpfjmx.agent.Audit."]),
    ("caller principal (AccessController, Subject)", ["io.bpfjmx.agent.CallerPrincipal",
                                                      "java.security.AccessController",
                                                      "javax.security.auth.Subject"]),
    ("metrics (Micrometer)", ["io.micrometer.", "io.bpfjmx.agent.OperationMetrics"]),
    ("kernel update (JNA, libbpf, system call)", ["com.sun.jna.", "io.bpfjmx.libbpf."]),
    ("hex parsing, checks", ["io.bpfjmx.agent.Hex", "io.bpfjmx.agent.Mutation", "io.bpfjmx.agent.WritePolicy",
                             "io.bpfjmx.agent.MapOperations"]),
    ("agent MBean code (other)", ["io.bpfjmx.agent."]),
    ("RMI, JMX remote (serialisation, transport)", ["sun.rmi.", "java.rmi.", "javax.management.remote.",
                                                    "java.io.ObjectInputStream", "java.io.ObjectOutputStream",
                                                    "com.sun.jmx.remote."]),
    ("Jolokia (HTTP, JSON, request handling)", ["org.jolokia.", "sun.net.httpserver.", "com.sun.net.httpserver."]),
    ("MBean server dispatch (reflection)", ["com.sun.jmx.", "javax.management.", "jdk.internal.reflect.",
                                            "java.lang.reflect."]),
]
INTERESTING = ("io.bpfjmx.", "com.sun.jmx.", "javax.management.", "sun.rmi.", "org.jolokia.")


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for frame in stack.get("frames", []):
        method = frame.get("method") or {}
        cls = (method.get("type") or {}).get("name", "?").replace("/", ".")
        yield f"{cls}.{method.get('name', '?')}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    recording, prefix = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr") if os.environ.get("JAVA_HOME") else "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "128", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", recording],
                         check=True, capture_output=True, text=True).stdout
    native_weight = float(os.environ.get("NATIVE_WEIGHT", "2"))
    counts, total = Counter(), 0
    native, weighted = Counter(), Counter()
    for event in json.loads(out)["recording"]["events"]:
        thread = (event["values"].get("sampledThread") or {}).get("javaName") or ""
        stack = list(frames(event))
        if prefix is not None and not thread.startswith(prefix):
            continue
        if prefix is None and not any(f.startswith(INTERESTING) for f in stack):
            continue
        stage = "other (JDK, JMH)"
        for frame in stack:
            match = next((name for name, prefixes in STAGES if frame.startswith(tuple(prefixes))), None)
            if match:
                stage = match
                break
        counts[stage] += 1
        is_native = event["type"] == "jdk.NativeMethodSample"
        native[stage] += is_native
        weighted[stage] += native_weight if is_native else 1
        total += 1
    if not total:
        sys.exit("no samples matched")
    all_weighted = sum(weighted.values())
    print(f"{'stage':<62} {'samples':>8} {'native':>7} {'weighted share':>15}")
    for stage, w in weighted.most_common():
        print(f"{stage:<62} {counts[stage]:>8} {native[stage]:>7} {w / all_weighted:>15.1%}")
    print(f"{'total':<62} {total:>8} {sum(native.values()):>7}")


if __name__ == "__main__":
    main()

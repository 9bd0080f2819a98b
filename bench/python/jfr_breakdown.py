#!/usr/bin/env python3
"""Where the main thread of a train-step run spends its time, from a Java Flight Recording.

    bench/run.sh train-step --jfr /tmp/steps.jfr
    python3 bench/python/jfr_breakdown.py /tmp/steps.jfr

Reads jdk.ExecutionSample (thread in Java code, every 10 ms under the profile settings) and
jdk.NativeMethodSample (thread in a native call, every 20 ms), each weighted by its period, on
the thread that runs the training loop. Prints the shares by part of the step (which DL4J vertex
or layer, forward or backward, loss, updater), by native call (the ND4J op kinds: custom ops
such as matmul, copies through execTransformAny, buffer allocation...), and what the Java side
itself costs (SameDiff's session, DL4J, ND4J's Java code).
"""
import collections
import json
import subprocess
import sys

PERIOD_MS = {"jdk.ExecutionSample": 10, "jdk.NativeMethodSample": 20}


# sparkllm's layers and vertices by class (anonymous runtimes are Outer$1).
LAYERS = [("io.sparkllm.model.layers." + cls, label) for cls, label in (
    ("LmHead", "LM head (LmHead)"), ("TokenEmbedding", "embedding (TokenEmbedding)"),
    ("WeightTable", "token table (WeightTable)"), ("SelfAttention", "attention (SelfAttention)"),
    ("PerStepDense", "MLP (PerStepDense)"), ("LayerNorm", "LayerNorm"), ("RmsNorm", "RmsNorm"),
    ("SwiGluFeedForward", "MLP (SwiGluFeedForward)"), ("CrossAttention", "cross-attention"))]


def frames(event):
    out = []
    for f in event["values"]["stackTrace"]["frames"]:
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out


def short(name):
    parts = name.split(".")
    return parts[-2] + "." + parts[-1]


def part(fs):
    """The step's part: vertex or layer, and pass."""
    text = " ".join(fs)
    if "AdamUpdater" in text or "BaseMultiLayerUpdater" in text or "UpdaterBlock" in text:
        return "updater (Adam)"
    if "LossSparseMCXENT" in text or "RnnLossLayer" in text or "LossMCXENT" in text:
        return "loss (RnnLossLayer, LossSparseMCXENT)"
    if "SparseSoftmaxLoss" in text:
        return "loss (SparseSoftmaxLoss)"
    backward = "calcBackpropGradients" in text
    where = "other"
    for f in fs:
        cls = f.rsplit(".", 1)[0]
        named = next((label for prefix, label in LAYERS if cls.startswith(prefix)), None)
        if named:
            where = named
            break
        if cls.endswith("ElementWiseVertex"):
            where = "residual adds (ElementWiseVertex)"
            break
        if cls.startswith("org.deeplearning4j.nn.layers.samediff") or cls.startswith("io.sparkllm.model.layers.ExactGradient"):
            where = "SameDiff layers"
            break
    if where == "other" and not ("ffToLayerActivations" in text or backward):
        return "outside forward/backward"
    return where + (" backward" if backward else " forward")


def native_kind(fs, native):
    if not native:
        top = fs[0]
        for prefix, label in (("org.nd4j.autodiff", "java: SameDiff session"), ("org.deeplearning4j", "java: DL4J"),
                              ("org.nd4j", "java: ND4J"), ("io.sparkllm", "java: sparkllm"), ("java.", "java: JDK"),
                              ("jdk.", "java: JDK"), ("org.bytedeco", "java: JavaCPP")):
            if top.startswith(prefix):
                return label
        return "java: other"
    caller = next((short(f) for f in fs[1:] if not f.startswith((
        "org.nd4j.linalg.cpu.nativecpu", "org.nd4j.linalg.factory", "org.nd4j.nativeblas", "org.nd4j.linalg.api.ndarray",
        "org.nd4j.linalg.api.shape", "org.nd4j.linalg.api.buffer", "org.nd4j.linalg.api.ops.executioner",
        "org.nd4j.linalg.api.blas", "org.nd4j.linalg.workspace", "org.deeplearning4j.nn.workspace",
        "org.bytedeco"))), "?")
    return "native: " + short(fs[0]) + " <- " + caller


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events",
                           "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                          capture_output=True, text=True, check=True).stdout
    events = json.loads(text)["recording"]["events"]
    threads = collections.Counter(e["values"]["sampledThread"]["javaName"] for e in events)
    main_thread = "main" if "main" in threads else threads.most_common(1)[0][0]
    by_part, by_kind, by_side = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0.0
    for e in events:
        if e["values"]["sampledThread"]["javaName"] != main_thread or not e["values"]["stackTrace"]:
            continue
        fs = frames(e)
        if not fs:
            continue
        ms = PERIOD_MS[e["type"]]
        native = e["type"] == "jdk.NativeMethodSample"
        total += ms
        by_part[part(fs)] += ms
        kind = native_kind(fs, native)
        by_kind[kind] += ms
        by_side["native calls" if native else "Java code"] += ms
    print(f"main thread '{main_thread}': {total / 1000:.1f} s sampled")
    for title, counter in (("by part of the step", by_part), ("Java code against native calls", by_side),
                           ("by native call (<- its caller) or Java package", by_kind)):
        print(f"-- {title}")
        for key, ms in counter.most_common(limit):
            print(f"  {100 * ms / total:5.1f}%  {key}")


if __name__ == "__main__":
    main()

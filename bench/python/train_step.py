#!/usr/bin/python3
"""bench/run.sh train-step, PyTorch's side: the gpt-bench GPT in plain torch, trained as
TrainStepBenchmark trains ours: float32, Adam(3e-4), batch 16, T=128, the same splitmix64 token
ids, warm-up steps untimed, then enough timed steps to fill about --seconds (or exactly --steps).

The model is our GPT family exactly: learned positions added to the token rows, post-LN blocks
(x = LN(x + attn(x)); x = LN(x + mlp(x))), causal multi-head attention with biased q, k, v and
output projections, an exact-erf GELU MLP, no final norm, the LM head tied to the token table,
no dropout. Prints key=value lines (read by bench/scripts/train-step.sh) and exits 1 when its
parameter count differs from --expect-params.

Run it with Debian's /usr/bin/python3 (python3-torch); without libopenblas0-pthread torch falls
back to the reference BLAS.
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 16
TIME = 128
POOL = 4
MASK64 = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def batch(seed, index, vocab):
    """As TrainStepBenchmark.batch: BATCH sequences of TIME + 1 ids, inputs the first TIME, labels the last TIME."""
    rows = []
    for b in range(BATCH):
        base = (index * BATCH + b) * (TIME + 1)
        rows.append([splitmix64((seed * 1_000_003 + base + t) & MASK64) % vocab for t in range(TIME + 1)])
    ids = torch.tensor(rows, dtype=torch.long)
    return ids[:, :TIME].contiguous(), ids[:, 1:].contiguous()


class Block(nn.Module):
    def __init__(self, d, heads, ffn, eps):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=eps)
        self.up = nn.Linear(d, ffn)
        self.down = nn.Linear(ffn, d)
        self.ln2 = nn.LayerNorm(d, eps=eps)

    def attention(self, x, causal):
        b, t, d = x.shape
        hs = d // self.heads

        def split(y):
            return y.view(b, t, self.heads, hs).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs)) + causal
        y = F.softmax(scores, dim=-1) @ v
        return self.o(y.transpose(1, 2).reshape(b, t, d))

    def forward(self, x, causal):
        x = self.ln1(x + self.attention(x, causal))
        return self.ln2(x + self.down(F.gelu(self.up(x))))


class Gpt(nn.Module):
    def __init__(self, vocab, positions, d, layers, heads, ffn, eps=1e-5):
        super().__init__()
        self.wte = nn.Parameter(torch.randn(vocab, d) * 0.02)
        self.wpe = nn.Parameter(torch.randn(positions, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, heads, ffn, eps) for _ in range(layers))

    def forward(self, ids):
        t = ids.shape[1]
        x = self.wte[ids] + self.wpe[:t]
        # The same additive mask as ours: -1e9 on the keys after the query.
        causal = torch.triu(torch.full((t, t), -1e9), diagonal=1)
        for block in self.blocks:
            x = block(x, causal)
        return x @ self.wte.t()


def flops_per_token(non_embedding, head, layers, d):
    """As TrainStepBenchmark.flopsPerToken: 6·(non-embedding + tied head V·d) + 12·L·d·T."""
    return 6.0 * (non_embedding + head) + 12.0 * layers * d * TIME


def sgemm_peak(n=2048, reps=5):
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    c = torch.empty(n, n)
    for _ in range(2):
        torch.mm(a, b, out=c)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - t0)
    gflops = 2.0 * n ** 3 / best / 1e9
    print(f"pytorch: torch.mm {n}² best of {reps}: {best:.3f} s, {gflops:.1f} GFLOP/s", file=sys.stderr)
    return gflops


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--seconds", type=float, default=40)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--expect-params", type=int, default=0)
    p.add_argument("--profile", type=int, default=0, help="N more steps under torch.profiler, its table printed")
    p.add_argument("--vocab", type=int, default=4096)
    p.add_argument("--positions", type=int, default=128)
    p.add_argument("--d-model", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=1024)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}", file=sys.stderr)
    peak = sgemm_peak()

    model = Gpt(a.vocab, a.positions, a.d_model, a.layers, a.heads, a.ffn)
    params = sum(q.numel() for q in model.parameters())
    head = a.vocab * a.d_model
    non_embedding = params - head - a.positions * a.d_model
    print(f"params={params}")
    if a.expect_params and params != a.expect_params:
        print(f"pytorch: {params} parameters, sparkllm has {a.expect_params}: not the same model", file=sys.stderr)
        sys.exit(1)
    flops = flops_per_token(non_embedding, head, a.layers, a.d_model)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    batches = [batch(a.seed, i, a.vocab) for i in range(POOL)]

    def step(i):
        ids, labels = batches[i % POOL]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).view(-1, a.vocab), labels.view(-1))
        loss.backward()
        optimizer.step()
        return loss.item()

    first_loss = 0.0
    warm_step = 0.0
    for s in range(max(1, a.warmup)):
        w0 = time.perf_counter()
        loss = step(s)
        warm_step = time.perf_counter() - w0  # the last warm-up step sizes the timed run
        if s == 0:
            first_loss = loss
    steps = a.steps if a.steps > 0 else max(3, round(a.seconds / warm_step))

    load0 = load_average()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    fastest = float("inf")  # the step least slowed by other work on the machine
    for s in range(steps):
        s0 = time.perf_counter()
        last_loss = step(a.warmup + s)
        fastest = min(fastest, time.perf_counter() - s0)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    load1 = load_average()

    peak = max(peak, sgemm_peak())  # as ours: the better of a measurement before and after the steps
    tokens_per_s = BATCH * TIME * steps / wall
    mfu = flops * tokens_per_s / (peak * 1e9)
    print(f"pytorch: {params} params ({non_embedding} non-embedding), {flops / 1e6:.2f} MFLOP per token; "
          f"loss {first_loss:.4f} after the first step, {last_loss:.4f} after the last", file=sys.stderr)
    print(f"pytorch: {steps} steps in {wall:.2f} s wall, {cpu:.2f} CPU s ({cpu / wall:.2f} cores busy); "
          f"load {load0} -> {load1}", file=sys.stderr)
    print(f"nonembedding_params={non_embedding}")
    print(f"flops_per_token={flops:.0f}")
    print(f"steps={steps}")
    print(f"wall_s={wall:.3f}")
    print(f"cpu_s={cpu:.3f}")
    print(f"tokens_per_s={tokens_per_s:.1f}")
    print(f"fastest_step_tokens_per_s={BATCH * TIME / fastest:.1f}")
    print(f"tokens_per_cpu_s={BATCH * TIME * steps / cpu:.1f}")
    print(f"sgemm_gflops={peak:.1f}")
    print(f"mfu={mfu:.4f}")
    print(f"loss_first={first_loss:.4f}")
    print(f"loss_last={last_loss:.4f}")
    print(f"load={load0} -> {load1}")

    if a.profile > 0:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for s in range(a.profile):
                step(s)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30), file=sys.stderr)


if __name__ == "__main__":
    main()

"""The PyTorch side of `energy-lab bench --pytorch PYTHON`.

Reads a JSON plan on stdin: {"threads": T, "warmup": W, "runs": R, "jobs": [{"name", "kind",
...}]} and prints one JSON line per job, {"name", "median", "p95"} in milliseconds, as each is
measured. Kinds in SELF_TIMED time a part of their call themselves and return its milliseconds
(the MLP step's parts); the others are timed whole. Every job has the shapes, activation (tanh), optimiser (Adam, lr 1e-3) and batch of the
energy-lab row with the same name; the plan comes from the Rust side so the two cannot drift.
Eager mode, float32, CPU, T threads.
"""

import json
import math
import sys
import time

import torch
from torch import nn

LR = 1e-3
WIDTH = 64


def mlp(inp, out):
    return nn.Sequential(
        nn.Linear(inp, WIDTH), nn.Tanh(), nn.Linear(WIDTH, WIDTH), nn.Tanh(), nn.Linear(WIDTH, out)
    )


def ring(n):
    t = torch.arange(n, dtype=torch.float32) * (2 * math.pi / n)
    return torch.stack([2 * torch.cos(t), 1.5 * torch.sin(t)], dim=1)


def grid(side):
    # The course's extent, y1 in [-3, 3] and y2 in [-2, 2], side x side points.
    y1 = torch.linspace(-3.0, 3.0, side)
    y2 = torch.linspace(-2.0, 2.0, side)
    a, b = torch.meshgrid(y2, y1, indexing="ij")
    return torch.stack([b.reshape(-1), a.reshape(-1)], dim=1)


def mlp_problem(job):
    # The MLP regresses ‖x‖² on the ring, as energy-lab's MlpStep does.
    x = ring(job["batch"])
    target = (x * x).sum(1, keepdim=True)
    net = mlp(2, 1)
    return x, target, net, torch.optim.Adam(net.parameters(), lr=LR)


def mlp_step(job):
    x, target, net, opt = mlp_problem(job)

    def run():
        opt.zero_grad()
        loss = ((net(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
        return loss.item()

    return run


def mlp_step_part(job):
    # The same step as mlp_step, timed in the parts energy-lab's row times: forward and loss
    # (read back), backward, Adam update.
    x, target, net, opt = mlp_problem(job)

    def run():
        opt.zero_grad()
        t0 = time.perf_counter()
        loss = ((net(x) - target) ** 2).mean()
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        return [t1 - t0, t2 - t1, t3 - t2][job["part"]] * 1e3

    return run


def ae_step(job):
    x = ring(job["batch"])
    enc, dec = mlp(2, 1), mlp(1, 2)
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=LR)

    def run():
        opt.zero_grad()
        loss = ((x - dec(enc(x))) ** 2).sum(1).mean()
        loss.backward()
        opt.step()
        return loss.item()

    return run


def gan_iteration(job):
    n = job["batch"]
    x = ring(n)
    cost, gen = mlp(2, 1), mlp(2, 2)
    opt_c = torch.optim.Adam(cost.parameters(), lr=LR)
    opt_g = torch.optim.Adam(gen.parameters(), lr=LR)

    def run():
        fake = gen(torch.randn(n, 2)).detach()
        opt_c.zero_grad()
        loss_c = cost(x).mean() + torch.relu(1.0 - cost(fake)).mean()
        loss_c.backward()
        opt_c.step()
        opt_g.zero_grad()
        loss_g = cost(gen(torch.randn(n, 2))).mean()
        loss_g.backward()
        opt_g.step()
        return loss_g.item()

    return run


def mlp_energy(job):
    points = grid(job["side"])
    net = mlp(2, 1)

    def run():
        with torch.no_grad():
            return net(points).numpy().copy()

    return run


def free_energy(job):
    points = grid(job["side"])
    k = job["latents"]
    z = torch.arange(k, dtype=torch.float32) * (2 * math.pi / k)
    beta = 1.0
    net = mlp(1, 2) if job["decoder"] == "neural" else None

    def run():
        with torch.no_grad():
            if net is None:
                g = torch.stack([2 * torch.cos(z), 1.5 * torch.sin(z)], dim=1)
            else:
                g = net(z[:, None])
            e = ((points[:, None, :] - g[None, :, :]) ** 2).sum(-1)  # [N, K]
            f = -(torch.logsumexp(-beta * e, dim=1) - math.log(k)) / beta
            return f.numpy().copy()

    return run


KINDS = {
    "mlp_step": mlp_step,
    "mlp_step_part": mlp_step_part,
    "ae_step": ae_step,
    "gan_iteration": gan_iteration,
    "mlp_energy": mlp_energy,
    "free_energy": free_energy,
}


SELF_TIMED = {"mlp_step_part"}


def percentile(times, q):
    s = sorted(times)
    rank = min(max(math.ceil(q * len(s)), 1), len(s))
    return s[rank - 1]


def main():
    plan = json.load(sys.stdin)
    torch.set_num_threads(plan["threads"])
    torch.manual_seed(0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for job in plan["jobs"]:
        run = KINDS[job["kind"]](job)
        runs = job.get("runs", plan["runs"])
        for _ in range(job.get("warmup", plan["warmup"])):
            run()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = run()
            whole = (time.perf_counter() - start) * 1e3
            times.append(result if job["kind"] in SELF_TIMED else whole)
        row = {"name": job["name"], "median": percentile(times, 0.5), "p95": percentile(times, 0.95)}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()

"""
=======================================================
Infinite-width kernels and a wide network trained by GD
=======================================================

An infinitely wide fully-connected network is described by two kernels:
the NNGP kernel :class:`~skmath.theory.NNGPKernel` (its output covariance at
initialisation) and the neural tangent kernel :class:`~skmath.theory.NTKKernel`
(which governs training by gradient descent).  This example

1. plots both kernels on the unit circle for several depths,
2. checks the NTK against the empirical tangent kernel ``J J^T`` of a wide
   random torch network,
3. trains wide torch networks with small full-batch gradient steps and
   compares their average prediction with the closed form of the trained
   infinite network, :class:`~skmath.theory.InfiniteWidthRegressor`.
"""

# %%
# Kernels on the circle
# ---------------------
# On unit-norm inputs the kernels depend only on the angle between the
# inputs; deeper networks give kernels that decorrelate faster.
import matplotlib.pyplot as plt
import numpy as np
import torch

from skmath.theory import InfiniteWidthRegressor, NNGPKernel, NTKKernel

torch.set_num_threads(1)
angles = np.linspace(0, np.pi, 200)
circle = np.column_stack([np.cos(angles), np.sin(angles)])

fig, axes = plt.subplots(1, 3, figsize=(14, 4))
for depth in (1, 2, 4, 8):
    for ax, cls in zip(axes[:2], (NNGPKernel, NTKKernel)):
        kernel = cls(depth=depth, weight_std=np.sqrt(2))
        k = kernel(circle[:1], circle)[0]
        ax.plot(angles, k / k[0], label=f"depth {depth}")
for ax, name in zip(axes[:2], ("NNGP", "NTK")):
    ax.set(title=f"ReLU {name}, normalised", xlabel="angle between inputs")
    ax.legend()

# %%
# Empirical NTK of a wide network
# -------------------------------
# ``weight_std / sqrt(fan_in)`` scales every layer (the NTK parameterisation);
# the Jacobian of the output with respect to all parameters gives ``J J^T``.
width, depth, w_std, b_std = 1024, 2, np.sqrt(2), 0.1


def init(seed):
    gen = torch.Generator().manual_seed(seed)
    sizes = [2] + [width] * depth + [1]
    return [
        torch.randn(o, i, generator=gen, dtype=torch.float64).requires_grad_()
        for i, o in zip(sizes[:-1], sizes[1:])
    ] + [
        torch.randn(o, generator=gen, dtype=torch.float64).requires_grad_()
        for o in sizes[1:]
    ]


def forward(params, x):
    n = len(params) // 2
    h = x
    for i, (W, b) in enumerate(zip(params[:n], params[n:])):
        if i:
            h = torch.relu(h)
        h = w_std / W.shape[1] ** 0.5 * h @ W.T + b_std * b
    return h[:, 0]


x_probe = torch.as_tensor(circle[::20])
params = init(0)
jac = [
    torch.cat(
        [g.reshape(-1) for g in torch.autograd.grad(f, params, retain_graph=True)]
    )
    for f in forward(params, x_probe)
]
J = torch.stack(jac)
empirical = (J @ J.T).detach().numpy()
exact = NTKKernel(depth=depth, weight_std=w_std, bias_std=b_std)(circle[::20])
axes[2].plot(exact[0], "o-", label="NTKKernel (infinite width)")
axes[2].plot(empirical[0], "x--", label=f"empirical J J^T, width {width}")
axes[2].set(title="NTK row, analytic vs empirical", xlabel="probe point")
axes[2].legend()
fig.tight_layout()
print(
    "relative error of the empirical NTK:",
    np.linalg.norm(empirical - exact) / np.linalg.norm(exact),
)

# %%
# Training a wide network vs the infinite-width closed form
# ---------------------------------------------------------
# Full-batch gradient descent with a small step on the squared loss.  Its
# prediction, averaged over random initialisations, approaches
# ``Theta(x, X) Theta(X, X)^-1 y`` at convergence, and
# ``Theta(x, X) Theta^-1 (I - exp(-t Theta)) y`` after training time ``t``;
# ``return_std=True`` gives the spread over random initialisations (grey band).
rng = np.random.RandomState(0)
train_angles = np.linspace(0.2, 2.9, 8) + rng.uniform(-0.1, 0.1, 8)
X_train = np.column_stack([np.cos(train_angles), np.sin(train_angles)])
y_train = np.sin(3 * train_angles)
infinite = InfiniteWidthRegressor(
    depth=depth, weight_std=w_std, bias_std=b_std, alpha=0.0
).fit(X_train, y_train)

# a step below 2 / (largest eigenvalue of the NTK on the training set)
theta_train = infinite.kernel_(X_train)
eigenvalues = np.linalg.eigvalsh(theta_train)
lr = 1.0 / eigenvalues[-1]
n_steps = 1000
print(
    f"step {lr:.3g}; slowest mode decays by exp(-{lr * eigenvalues[0] * n_steps:.1f})"
)

# Gradient descent with step ``lr`` for ``k`` steps is close to gradient flow
# for time ``t = lr k``: ``training_time`` gives the infinite network then.
early_steps = 15
early = InfiniteWidthRegressor(
    depth=depth,
    weight_std=w_std,
    bias_std=b_std,
    alpha=0.0,
    training_time=lr * early_steps,
).fit(X_train, y_train)

width = 512
xt, yt, xc = (torch.as_tensor(a) for a in (X_train, y_train, circle))
snapshots = {early_steps: [], n_steps: []}
for seed in range(4):
    params = init(seed)
    optimizer = torch.optim.SGD(params, lr=lr)
    for step in range(1, n_steps + 1):
        optimizer.zero_grad()
        loss = 0.5 * ((forward(params, xt) - yt) ** 2).sum()
        loss.backward()
        optimizer.step()
        if step in snapshots:
            with torch.no_grad():
                snapshots[step].append(forward(params, xc).numpy())

fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for ax, (steps, model) in zip(axes, ((early_steps, early), (n_steps, infinite))):
    for p in snapshots[steps]:
        ax.plot(angles, p, color="C1", alpha=0.3)
    ax.plot(
        angles,
        np.mean(snapshots[steps], axis=0),
        color="C1",
        label=f"mean of 4 nets, width {width}",
    )
    mean, std = model.predict(circle, return_std=True)
    ax.plot(angles, mean, "k--", label="InfiniteWidthRegressor")
    ax.fill_between(
        angles, mean - 2 * std, mean + 2 * std, color="k", alpha=0.1, label="+- 2 std"
    )
    ax.plot(train_angles, y_train, "ko", label="training points")
    ax.set(xlabel="angle", title=f"after {steps} GD steps (t = {lr * steps:.2g})")
axes[0].set_ylabel("prediction")
axes[1].legend()
fig.tight_layout()
plt.show()

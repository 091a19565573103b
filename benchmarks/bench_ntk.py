"""Deep learning theory: infinite-width kernel matrices and GP fits.

Rows (ratio = skmath time / peer time, medians, run side by side):

- ``ntk_gram`` / ``nngp_gram``: ``NTKKernel``/``NNGPKernel(depth=5)`` Gram
  matrix of 2000 x 64 inputs vs scikit-learn's ``RBF`` Gram of the same
  inputs (the cheapest kernel a user would otherwise pick; the goal is that
  depth 5 stays within a small factor of it and under 1 s);
- ``ntk_vs_empirical``: the closed-form NTK of a depth-5 network vs the
  empirical NTK ``J J^T`` of one width-512 torch network (torch.func
  Jacobians), the quantity the closed form replaces;
- ``gp_fit``: ``GaussianProcessRegressor`` with ``C * NTKKernel(depth=2) +
  White`` vs ``C * RBF + White`` on standardised ``load_diabetes``
  (hyperparameters fitted with analytic gradients in both; ``weight_std``
  fixed because with ReLU it nearly duplicates the constant ``C``; one BLAS
  thread on both sides).
"""

from __future__ import annotations

import numpy as np

from benchmarks._common import compare, row, scored


def _empirical_ntk(torch, X, depth, width, seed=0):
    gen = torch.Generator().manual_seed(seed)
    sizes = [X.shape[1]] + [width] * depth + [1]
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        params[f"w{i}"] = torch.randn(n_out, n_in, generator=gen)
        params[f"b{i}"] = torch.randn(n_out, generator=gen)

    def f(p, x):
        h = x
        for i in range(len(sizes) - 1):
            if i:
                h = torch.relu(h)
            w = p[f"w{i}"]
            h = w @ h / w.shape[1] ** 0.5 + p[f"b{i}"] * 0.1
        return h.squeeze()

    x = torch.as_tensor(X, dtype=torch.float32)
    jac = torch.func.vmap(torch.func.jacrev(f), in_dims=(None, 0))(params, x)
    J = torch.cat([j.reshape(len(X), -1) for j in jac.values()], dim=1)
    return (J @ J.T).numpy()


def run(quick=False):
    from sklearn.datasets import load_diabetes
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel
    from sklearn.preprocessing import StandardScaler

    from skmath.theory import NNGPKernel, NTKKernel
    from skmath.utils._torch import import_torch, torch_threads

    repeats = 3 if quick else 7
    rng = np.random.RandomState(0)
    n, d, depth = 2000, 64, 5
    X = rng.randn(n, d)
    rows = []
    rbf = RBF(length_scale=np.sqrt(d))
    for name, kernel in (
        ("ntk_gram", NTKKernel(depth=depth, bias_std=0.1)),
        ("nngp_gram", NNGPKernel(depth=depth, bias_std=0.1)),
    ):
        ours, peer = compare(lambda k=kernel: k(X), lambda: rbf(X), repeats=repeats)
        rows.append(
            row(
                name,
                ours,
                "sklearn RBF gram",
                peer,
                work={
                    "skmath": {
                        "kernel": f"{name[:4].upper()} depth {depth}",
                        "gram": f"{n}x{n}",
                        "dtype": "float64",
                    },
                    "peer": {"kernel": "RBF", "gram": f"{n}x{n}", "dtype": "float64"},
                },
                accuracy=scored("n/a (different kernels: a speed floor)", "-", "-"),
                n=n,
                n_features=d,
                depth=depth,
            )
        )

    torch = import_torch()
    n_small, width = (100, 256) if quick else (200, 512)
    Xs = X[:n_small]
    ntk = NTKKernel(depth=depth, bias_std=0.1)
    with torch_threads(None):
        ours, peer = compare(
            lambda: ntk(Xs),
            lambda: _empirical_ntk(torch, Xs, depth, width),
            repeats=repeats,
        )
    rows.append(
        row(
            "ntk_vs_empirical",
            ours,
            f"torch empirical NTK (width {width})",
            peer,
            work={
                "skmath": {
                    "kernel": f"closed-form NTK depth {depth}",
                    "gram": f"{n_small}x{n_small}",
                },
                "peer": {
                    "kernel": f"empirical NTK, one width-{width} network",
                    "gram": f"{n_small}x{n_small}",
                    "threads": "torch default",
                },
            },
            accuracy=scored("n/a (exact limit vs one finite-width sample)", "-", "-"),
            n=n_small,
            depth=depth,
        )
    )

    Xd, yd = load_diabetes(return_X_y=True)
    m = 120 if quick else len(Xd)
    Xd = StandardScaler().fit_transform(Xd)[:m]
    yd = (yd[:m] - yd[:m].mean()) / yd[:m].std()

    def fit(kernel):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return GaussianProcessRegressor(kernel, random_state=0).fit(Xd, yd)

    from threadpoolctl import threadpool_limits

    # small matrices: both sides with one BLAS thread (waiting OpenBLAS
    # threads on a shared machine otherwise dominate both timings)
    with threadpool_limits(1, user_api="blas"):
        ours, peer = compare(
            lambda: fit(
                ConstantKernel() * NTKKernel(depth=2, bias_std=0.5) + WhiteKernel()
            ),
            lambda: fit(ConstantKernel() * RBF(3.0) + WhiteKernel()),
            repeats=max(1, repeats // 2),
            warmup=0,
        )
    with threadpool_limits(1, user_api="blas"):
        gp_ours = fit(
            ConstantKernel() * NTKKernel(depth=2, bias_std=0.5) + WhiteKernel()
        )
        gp_peer = fit(ConstantKernel() * RBF(3.0) + WhiteKernel())
    rows.append(
        row(
            "gp_fit",
            ours,
            "sklearn GP with RBF",
            peer,
            work={
                "skmath": {
                    "kernel": "C * NTK(depth 2) + White",
                    "hyperparameters": len(gp_ours.kernel_.theta),
                    "optimizer": "fmin_l_bfgs_b, no restarts",
                    "blas_threads": 1,
                },
                "peer": {
                    "kernel": "C * RBF + White",
                    "hyperparameters": len(gp_peer.kernel_.theta),
                    "optimizer": "fmin_l_bfgs_b, no restarts",
                    "blas_threads": 1,
                },
            },
            accuracy=scored(
                "log marginal likelihood",
                gp_ours.log_marginal_likelihood_value_,
                gp_peer.log_marginal_likelihood_value_,
            ),
            n=m,
            depth=2,
        )
    )
    return rows

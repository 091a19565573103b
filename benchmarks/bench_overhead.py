"""Per-fit overhead: every public estimator on a tiny problem, against its peer.

On 100 x 5 data (the CNN: 100 digits of 8 x 8, the smallest images its
architectures take) the training work is a few milliseconds, so the fit time
is mostly what each library does around it: validation, plugin resolution,
seeding, building or compiling a model, copying results.  A regression in
that path shows here first.  Each skmath estimator runs with the least work
its API allows (one epoch, MAP, a fixed kernel) and the peer with the same
work where the peer has that knob; ``work`` records both.  Medians of many
interleaved fits (the machine is shared and noisy); both sides warm (one
untimed fit first, so PyMC's compiled model and torch's kernels are cached
on both sides).

Run: ``python benchmarks/run.py --only overhead``.
"""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks._common import compare, row, scored

N, P = 100, 5


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, P))
    y = X @ rng.normal(size=P) + 0.5 + 0.3 * rng.normal(size=N)
    labels = (y > np.median(y)).astype(int)
    return X, y, labels


def _cases():
    """(estimator name, skmath factory, peer name, peer factory, task, work)."""
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF
    from sklearn.linear_model import BayesianRidge, LogisticRegression
    from sklearn.linear_model import LinearRegression as SkLinear
    from sklearn.neural_network import MLPClassifier as SkMLPC
    from sklearn.neural_network import MLPRegressor as SkMLPR

    from skmath.bayes import BayesianLinearRegression, BayesianLogisticRegression
    from skmath.linear_model import LinearRegression
    from skmath.neural_network import MLPClassifier, MLPRegressor
    from skmath.theory import InfiniteWidthRegressor

    one_epoch = {
        "hidden_layer_sizes": (8,),
        "max_iter": 1,
        "batch_size": N,
        "random_state": 0,
    }
    mlp_work = {"epochs": 1, "batches": 1, "hidden": "(8,)", "optimizer": "adam"}
    return [
        (
            "LinearRegression",
            LinearRegression,
            "sklearn LinearRegression",
            SkLinear,
            "r2",
            {"skmath": {"solve": "auto"}, "peer": {"solve": "lstsq"}},
        ),
        (
            "MLPClassifier",
            lambda: MLPClassifier(**one_epoch, n_jobs=1),
            "sklearn MLPClassifier",
            lambda: SkMLPC(**one_epoch),
            "accuracy",
            {
                "skmath": dict(mlp_work, threads=1, dtype="float32"),
                "peer": dict(mlp_work, dtype="float64"),
            },
        ),
        (
            "MLPRegressor",
            lambda: MLPRegressor(**one_epoch, n_jobs=1),
            "sklearn MLPRegressor",
            lambda: SkMLPR(**one_epoch),
            "r2",
            {
                "skmath": dict(mlp_work, threads=1, dtype="float32"),
                "peer": dict(mlp_work, dtype="float64"),
            },
        ),
        (
            "BayesianLinearRegression",
            lambda: BayesianLinearRegression(inference="map", draws=50, random_state=0),
            "sklearn BayesianRidge",
            BayesianRidge,
            "r2",
            {
                "skmath": {
                    "inference": "MAP + Laplace (PyMC, compiled model cached)",
                    "draws": 50,
                },
                "peer": {"inference": "closed-form evidence maximisation"},
            },
        ),
        (
            "BayesianLogisticRegression",
            lambda: BayesianLogisticRegression(
                inference="map", draws=50, random_state=0
            ),
            "sklearn LogisticRegression",
            LogisticRegression,
            "accuracy",
            {
                "skmath": {
                    "inference": "MAP + Laplace (PyMC, compiled model cached)",
                    "draws": 50,
                },
                "peer": {"inference": "L2-penalised MLE (lbfgs)"},
            },
        ),
        (
            "InfiniteWidthRegressor",
            InfiniteWidthRegressor,
            "sklearn GaussianProcessRegressor(RBF, optimizer=None)",
            lambda: GaussianProcessRegressor(RBF(), optimizer=None),
            "r2",
            {
                "skmath": {"kernel": "NTK depth 1, fixed", "solve": "Cholesky"},
                "peer": {"kernel": "RBF, fixed", "solve": "Cholesky"},
            },
        ),
    ]


def _cnn_row(repeats):
    import torch
    from sklearn.datasets import load_digits

    from benchmarks.bench_cnn import _skorch_net
    from skmath.cnn import CNNClassifier

    X, y = load_digits(return_X_y=True)
    X = (X[:N] / 16).astype(np.float32)
    y = y[:N]
    images = X.reshape(-1, 1, 8, 8)
    ours = CNNClassifier(
        max_epochs=1, batch_size=N, lr=3e-3, lr_schedule=None, n_jobs=1, random_state=0
    )
    peer = {}

    def fit_peer():
        peer["net"] = _skorch_net(1, N, 3e-3)
        peer["net"].fit(images, y.astype(np.int64))

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        t_ours, t_peer = compare(
            lambda: ours.fit(images, y), fit_peer, repeats=repeats, warmup=1
        )
    finally:
        torch.set_num_threads(previous)
    work = {
        "epochs": 1,
        "batches": 1,
        "architecture": "lenet5",
        "threads": 1,
        "dtype": "float32",
    }
    peer_acc = float(np.mean(peer["net"].predict(images) == y))
    return row(
        "CNNClassifier 100 digits 8x8, 1 epoch",
        t_ours,
        "skorch NeuralNetClassifier",
        t_peer,
        work={"skmath": work, "peer": work},
        accuracy=scored("training accuracy", ours.score(images, y), peer_acc),
    )


def run(quick: bool) -> list[dict]:
    warnings.simplefilter("ignore")  # one epoch never converges
    repeats = 7 if quick else 21
    X, y, labels = _data()
    rows = []
    for name, make_ours, peer_name, make_peer, task, work in _cases():
        target = labels if task == "accuracy" else y
        ours, theirs = make_ours(), make_peer()
        n = max(3, repeats // 3) if name.startswith("Bayesian") else repeats
        t_ours, t_peer = compare(
            lambda o=ours, t=target: o.fit(X, t),
            lambda p=theirs, t=target: p.fit(X, t),
            repeats=n,
            warmup=1,
        )
        metric = "training accuracy" if task == "accuracy" else "training R^2"
        rows.append(
            row(
                f"{name} {N}x{P} fit",
                t_ours,
                peer_name,
                t_peer,
                work=work,
                accuracy=scored(metric, ours.score(X, target), theirs.score(X, target)),
            )
        )
    try:
        rows.append(_cnn_row(max(3, repeats // 3)))
    except ImportError:  # pragma: no cover - skorch is an extra
        pass
    return rows


if __name__ == "__main__":  # pragma: no cover
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(r)

"""``skmath tour`` section: infinite-width kernels and CKA on bundled data.

- ``load_diabetes``: Gaussian-process regression with NNGP and NTK kernels
  (hyperparameters fitted) vs an RBF kernel, the closed-form trained
  infinite network (:class:`~skmath.theory.InfiniteWidthRegressor`) and a
  finite MLP trained with scikit-learn, test R^2.
- ``load_digits``: layer-by-layer CKA of a deep and a shallow MLP and the
  accuracy of a linear probe on each layer.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np

from .._tour import TourSection
from ..utils._plotting import PEER_COLOR, SKMATH_COLOR
from ._cka import cka_matrix
from ._display import CKADisplay
from ._kernels import NNGPKernel, NTKKernel
from ._regression import InfiniteWidthRegressor


def _mlp_layers(mlp, X):
    """Hidden activations of a fitted sklearn MLP, input first."""
    layers = [X]
    h = X
    for W, b in zip(mlp.coefs_[:-1], mlp.intercepts_[:-1]):
        h = np.maximum(h @ W + b, 0.0)
        layers.append(h)
    return layers


def _diabetes_rows(quick, random_state):
    from sklearn.datasets import load_diabetes
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPRegressor
    from sklearn.preprocessing import StandardScaler

    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, random_state=random_state
    )
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    mean, std = y_tr.mean(), y_tr.std()
    y_tr_s = (y_tr - mean) / std

    def gp(kernel):
        # with ReLU, weight_std and the constant factor are (nearly) redundant
        # scales: fit the constant, the bias and the noise
        kernel.set_params(weight_std_bounds="fixed")
        return GaussianProcessRegressor(
            ConstantKernel() * kernel + WhiteKernel(), random_state=random_state
        )

    width = 256 if quick else 512
    models = {
        "GP, NNGP kernel (depth 2)": gp(NNGPKernel(depth=2, bias_std=0.5)),
        "GP, NTK kernel (depth 2)": gp(NTKKernel(depth=2, bias_std=0.5)),
        "GP, RBF kernel": GaussianProcessRegressor(
            ConstantKernel() * RBF(3.0) + WhiteKernel(), random_state=random_state
        ),
        "infinite-width net, NTK (ridge 1.0)": InfiniteWidthRegressor(
            depth=2, bias_std=0.5, alpha=1.0
        ),
        f"finite MLP {width}x{width} (sklearn, Adam)": MLPRegressor(
            hidden_layer_sizes=(width, width),
            alpha=1.0,
            max_iter=60 if quick else 200,
            early_stopping=True,
            random_state=random_state,
        ),
    }
    rows, scores, fitted = [], {}, {}
    for name, model in models.items():
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bound / convergence warnings
            model.fit(X_tr, y_tr_s)
        seconds = time.perf_counter() - start
        pred = model.predict(X_te) * std + mean
        r2 = 1 - np.sum((y_te - pred) ** 2) / np.sum((y_te - y_te.mean()) ** 2)
        rows.append(["diabetes", name, "test R^2", float(r2), seconds])
        scores[name] = r2
        fitted[name] = model
    ntk_gp = fitted["GP, NTK kernel (depth 2)"].kernel_
    note = f"fitted NTK GP kernel: {ntk_gp}"
    return rows, scores, note


def _digits_rows(quick, random_state):
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, random_state=random_state, stratify=y
    )
    nets = {
        "deep (5 x 64)": MLPClassifier(
            hidden_layer_sizes=(64,) * 5, max_iter=60 if quick else 200
        ),
        "shallow (1 x 64)": MLPClassifier(
            hidden_layer_sizes=(64,), max_iter=60 if quick else 200
        ),
    }
    rows, layers = [], {}
    for name, net in nets.items():
        net.set_params(random_state=random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net.fit(X_tr, y_tr)
        layers[name] = (_mlp_layers(net, X_tr), _mlp_layers(net, X_te))
        for i, (h_tr, h_te) in enumerate(zip(*layers[name])):
            probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                acc = probe.fit(h_tr, y_tr).score(h_te, y_te)
            label = "input" if i == 0 else f"layer {i}"
            rows.append(["digits", f"{name}: {label}", "probe accuracy", acc, 0.0])
    deep_te = layers["deep (5 x 64)"][1]
    shallow_te = layers["shallow (1 x 64)"][1]
    deep_self = cka_matrix(deep_te)
    cross = cka_matrix(deep_te, shallow_te)
    rows.append(
        [
            "digits",
            "CKA(deep last hidden, shallow hidden)",
            "linear CKA",
            float(cross[-1, -1]),
            0.0,
        ]
    )
    rows.append(
        [
            "digits",
            "CKA(deep layer 1, deep layer 5)",
            "linear CKA",
            deep_self[1, -1],
            0.0,
        ]
    )
    return rows, deep_self, cross


def run_section(*, quick, out_dir, random_state):
    """Run the deep-learning-theory section of the tour."""
    from threadpoolctl import threadpool_limits

    # small matrices throughout: one BLAS thread beats several that wait
    with threadpool_limits(1, user_api="blas"):
        return _run_section(quick, out_dir, random_state)


def _run_section(quick, out_dir, random_state):
    import matplotlib.pyplot as plt

    section = TourSection(
        "Deep learning theory", ["data", "model", "metric", "value", "fit s"]
    )
    diabetes_rows, scores, note = _diabetes_rows(quick, random_state)
    digits_rows, deep_self, cross = _digits_rows(quick, random_state)
    section.rows = diabetes_rows + digits_rows
    section.notes.append(note)
    section.notes.append(
        "GP rows fit the scale, bias_std and noise by maximum marginal "
        "likelihood with analytic gradients (weight_std fixed: with ReLU it "
        "is a near-duplicate of the scale)"
    )

    fig, axes = plt.subplots(
        1, 3, figsize=(17, 5), gridspec_kw={"width_ratios": [1.2, 1.1, 0.8]}
    )
    names = list(scores)
    # skmath's kernels and infinite network in one colour, the peers
    # (scikit-learn's RBF GP and finite MLP) in another, always
    colors = [PEER_COLOR if ("RBF" in n or "sklearn" in n) else SKMATH_COLOR
              for n in names]
    bars = axes[0].barh(range(len(names)), [scores[n] for n in names], color=colors)
    axes[0].bar_label(bars, fmt="%.3f", padding=3, fontsize=8)
    axes[0].set_yticks(range(len(names)), [n.split(" (")[0] for n in names])
    axes[0].invert_yaxis()
    axes[0].set_xlim(0, max(1.0, max(scores.values()) * 1.15))
    axes[0].set_xlabel("test R^2 (diabetes)")
    axes[0].set_title("infinite-width kernels (skmath, blue) vs peers (orange)")
    labels = ["input"] + [f"L{i}" for i in range(1, deep_self.shape[0])]
    CKADisplay(
        cka=deep_self, layers_a=labels, layers_b=labels,
        name_a="deep MLP", name_b="deep MLP",
    ).plot(ax=axes[1])
    axes[1].set_title("linear CKA between deep MLP layers (digits)")
    CKADisplay(
        cka=cross, layers_a=labels, layers_b=["input", "L1"],
        name_a="deep MLP", name_b="shallow MLP",
    ).plot(ax=axes[2], aspect="auto")
    axes[2].set_title("CKA deep vs shallow (digits)")
    fig.tight_layout()
    path = Path(out_dir) / "theory_kernels_cka.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    section.figures.append(path)
    return section

"""Tour section: one network, every optimizer, on the digits."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from .._tour import TourSection
from ..utils._plotting import SERIES_COLORS, legend_outside

__all__ = ["run_section"]


def compare_optimizers(*, quick=True, random_state=0, names=None):
    """Fit StandardScaler + MLPClassifier(64) on digits with every optimizer.

    Returns a list of dicts (name, accuracy, seconds, n_iter, loss, curve),
    held-out 25 % accuracy.  Minibatch methods run up to 60 epochs (30 when
    ``quick``), full-batch ones up to 100 iterations (BFGS: 40 / 25);
    training stops earlier when the loss stops improving.
    """
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from .. import plugins
    from ._classifier import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=random_state, stratify=y
    )
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    # warm up torch (first-call allocations) so the first timing is fair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        MLPClassifier((4,), max_iter=1, random_state=0).fit(X_train[:50], y_train[:50])
    results = []
    for name in names or plugins.available("optimizers"):
        clf = MLPClassifier((64,), optimizer=name, random_state=random_state)
        if clf._minibatch():
            clf.set_params(max_iter=30 if quick else 60)
        else:
            clf.set_params(max_iter=(25 if quick else 40) if name == "bfgs" else 100)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        results.append(
            {
                "name": name,
                "accuracy": clf.score(X_test, y_test),
                "seconds": seconds,
                "n_iter": clf.n_iter_,
                "loss": clf.loss_,
                "curve": list(clf.loss_curve_),
                "minibatch": clf.optimizer_.minibatch,
            }
        )
    return results


def plot_loss_curves(results, ax):
    """Loss against iteration (epochs or full-batch iterations), log scale.

    Every optimizer gets its own colour *and* marker, so curves that lie on
    top of each other (Adam and AdamW at a small weight decay) stay
    distinguishable; the legend sits right of the axes, off the curves.
    """
    markers = "osD^v<>ph*Xd"
    for k, res in enumerate(results):
        style = "-" if res["minibatch"] else "--"
        n = len(res["curve"])
        ax.plot(
            range(1, n + 1),
            res["curve"],
            style,
            color=SERIES_COLORS[k % len(SERIES_COLORS)],
            marker=markers[k % len(markers)],
            markevery=max(1, n // 6) + k % 3,  # staggered: markers never coincide
            markersize=5,
            markerfacecolor="none" if k % 2 else None,
            label=f"{res['name']} (acc {res['accuracy']:.3f})",
        )
    ax.set_yscale("log")
    ax.set_xlabel("epoch (solid: minibatch) / iteration (dashed: full batch)")
    ax.set_ylabel("training loss")
    ax.set_title("MLPClassifier(64) on digits: every optimizer")
    legend_outside(ax, title="optimizer (held-out accuracy)", title_fontsize=8)


def run_section(*, quick, out_dir, random_state):
    """Every optimizer on one network: accuracy, time and a loss-curve figure."""
    import matplotlib.pyplot as plt

    results = compare_optimizers(quick=quick, random_state=random_state)
    fig, ax = plt.subplots(figsize=(9.5, 4.8))
    plot_loss_curves(results, ax)
    fig.tight_layout()
    path = Path(out_dir) / "optimization_loss_curves.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    worst = min(results, key=lambda r: r["accuracy"])
    return TourSection(
        title="Optimization: MLPClassifier(64) on digits, every optimizer",
        columns=["optimizer", "accuracy", "seconds", "iterations", "final loss"],
        rows=[
            [r["name"], r["accuracy"], r["seconds"], r["n_iter"], r["loss"]]
            for r in results
        ],
        notes=[
            "held-out 25 %, StandardScaler; minibatch: epochs of batch 200, "
            "full batch: scipy.optimize iterations",
            f"lowest accuracy: {worst['name']} {worst['accuracy']:.3f}",
        ],
        figures=[path],
    )

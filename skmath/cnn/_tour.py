"""Tour section: CNN architectures on ``load_digits`` (8x8 images).

Each built-in architecture is trained on 75% of the digits (stratified) and
scored on the held-out 25%; the figure shows the first-layer filters of the
best network and the held-out digits it gets wrong.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from .._tour import TourSection
from ..utils._plotting import SERIES_COLORS
from ..utils._torch import import_torch
from ._classifier import CNNClassifier

__all__ = ["run_section"]

ARCHITECTURES = ("lenet5", "vgg_small", "resnet_small")


def _first_conv_weights(clf):
    torch = import_torch()
    for module in clf.net_.module_.modules():
        if isinstance(module, torch.nn.Conv2d):
            return module.weight.detach().cpu().numpy()[:, 0]
    return None


def _figure(best, X_test, y_test, path):
    import matplotlib.pyplot as plt

    filters = _first_conv_weights(best)[:16]
    wrong = np.flatnonzero(best.predict(X_test) != y_test)[:8]
    predicted = best.predict(X_test[wrong])
    fig, axes = plt.subplots(3, 8, figsize=(9, 3.9))
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, kernel in zip(axes[:2].ravel(), filters):
        limit = np.abs(kernel).max()
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[0, 0].set_title("first-layer filters", loc="left", fontsize=9)
    for ax, index, label in zip(axes[2], wrong, predicted):
        ax.imshow(X_test[index].reshape(8, 8), cmap="gray_r")
        ax.set_title(f"{y_test[index]} -> {label}", fontsize=9)
    if len(wrong) == 0:
        axes[2, 0].text(0, 0.5, "no held-out digit misclassified", fontsize=9)
    fig.suptitle(
        f"{best.architecture}: filters and misclassified held-out digits "
        "(true -> predicted)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _comparison(fitted, seconds, path):
    """All architectures side by side: loss per epoch, held-out accuracy."""
    import matplotlib.pyplot as plt

    from ..neural_network import LossCurveDisplay

    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.4, 1]}
    )
    for k, (name, (_, clf)) in enumerate(fitted.items()):
        LossCurveDisplay.from_estimator(
            clf,
            ax=ax1,
            label=name,
            color=SERIES_COLORS[k % len(SERIES_COLORS)],
            marker="osD"[k % 3],
            markersize=4,
            log_scale=True,
        )
    ax1.set_title("training loss per epoch")
    names = list(fitted)
    accuracy = [fitted[n][0] for n in names]
    bars = ax2.barh(
        range(len(names)), accuracy, color=list(SERIES_COLORS[: len(names)])
    )
    params = [
        sum(p.numel() for p in fitted[n][1].net_.module_.parameters()) for n in names
    ]
    ax2.bar_label(
        bars,
        labels=[
            f"{a:.3f}  ({p / 1e3:.0f}k params, {seconds[n]:.1f} s)"
            for a, p, n in zip(accuracy, params, names)
        ],
        label_type="center",
        color="white",
        fontsize=9,
    )
    ax2.set_yticks(range(len(names)), names)
    ax2.invert_yaxis()
    low = min(accuracy)
    ax2.set_xlim(max(0.0, low - 0.1), 1.0)
    ax2.set_xlabel("held-out accuracy (load_digits, 25%)")
    ax2.set_title("every architecture, same data and epochs")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def run_section(*, quick, out_dir, random_state):
    """Train every built-in architecture on ``load_digits``; write the figure."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.25, stratify=y, random_state=random_state
    )
    epochs = 10 if quick else 20
    section = TourSection(
        "CNN architectures",
        ["architecture", "epochs", "fit s", "held-out accuracy", "parameters"],
    )
    fitted, times = {}, {}
    for name in ARCHITECTURES:
        clf = CNNClassifier(
            architecture=name, max_epochs=epochs, random_state=random_state
        )
        start = time.perf_counter()
        clf.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        accuracy = clf.score(X_test, y_test)
        n_params = sum(p.numel() for p in clf.net_.module_.parameters())
        fitted[name] = (accuracy, clf)
        times[name] = seconds
        section.rows.append([name, clf.n_iter_, seconds, accuracy, n_params])
    best_name = max(fitted, key=lambda name: fitted[name][0])
    best = fitted[best_name][1]
    section.notes.append(
        f"load_digits, stratified 25% held out, Adam lr 3e-3 with cosine "
        f"annealing, {epochs} epochs; best: {best_name}"
    )
    path = Path(out_dir) / "cnn_architectures.png"
    _comparison(fitted, times, path)
    section.figures.append(path)
    path = Path(out_dir) / "cnn_filters.png"
    _figure(best, X_test, y_test, path)
    section.figures.append(path)
    return section

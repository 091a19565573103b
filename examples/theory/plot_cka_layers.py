"""
=======================================================
Comparing layers with CKA: a deep vs a shallow network
=======================================================

Centred kernel alignment (:func:`~skmath.theory.cka`) measures how similar
two representations of the same inputs are, invariantly to rotations and
isotropic scaling.  We train a deep (6 hidden layers) and a shallow (1 hidden
layer) MLP on ``load_digits``, extract every hidden layer's activations and

1. draw CKA heatmaps between the layers of the deep net and between the deep
   and the shallow net (:func:`~skmath.theory.cka_matrix`), with the linear
   and the debiased RBF variants,
2. measure how linearly decodable the digit is from each layer (a logistic
   regression "probe"), for the trained nets and an untrained deep net.
"""

# %%
# Train the networks and collect per-layer activations
# ----------------------------------------------------
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skmath.theory import cka_matrix

# the matrices here are small: one BLAS thread beats several that wait
threadpool_limits(1, user_api="blas")

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16.0, y, test_size=0.4, random_state=0, stratify=y
)


def layers(mlp, X):
    """Input and every hidden layer (ReLU activations) of a fitted MLP."""
    out = [X]
    for W, b in zip(mlp.coefs_[:-1], mlp.intercepts_[:-1]):
        out.append(np.maximum(out[-1] @ W + b, 0.0))
    return out


fast = dict(batch_size=128, learning_rate_init=3e-3, random_state=0)
nets = {
    "deep 6x64": MLPClassifier(hidden_layer_sizes=(64,) * 6, max_iter=50, **fast),
    "shallow 1x256": MLPClassifier(hidden_layer_sizes=(256,), max_iter=50, **fast),
    "untrained deep 6x64": MLPClassifier(
        hidden_layer_sizes=(64,) * 6, max_iter=1, learning_rate_init=1e-12
    ),
}
reps = {}
for name, net in nets.items():
    net.set_params(random_state=0)  # same initialisation for both deep nets
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_iter reached
        net.fit(X_train, y_train)
    reps[name] = (layers(net, X_train), layers(net, X_test))
    print(f"{name}: test accuracy {net.score(X_test, y_test):.3f}")

# %%
# CKA between layers
# ------------------
deep, shallow = reps["deep 6x64"][1], reps["shallow 1x256"][1]
deep_labels = ["in"] + [f"L{i}" for i in range(1, len(deep))]
panels = [
    ("deep vs deep, linear CKA", cka_matrix(deep), deep_labels),
    (
        "deep vs deep, debiased RBF CKA",
        cka_matrix(deep, kernel="rbf", debiased=True),
        deep_labels,
    ),
    ("deep vs shallow, linear CKA", cka_matrix(deep, shallow), ["in", "L1"]),
]
fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
for ax, (title, matrix, xlabels) in zip(axes, panels):
    im = ax.imshow(matrix, vmin=0, vmax=1, cmap="magma", origin="lower", aspect="auto")
    ax.set_xticks(range(len(xlabels)), xlabels)
    ax.set_yticks(range(len(deep_labels)), deep_labels)
    ax.set_title(title)
fig.colorbar(im, ax=axes, shrink=0.8, fraction=0.02, pad=0.02)
print("CKA(deep L6, shallow L1) =", round(panels[2][1][-1, -1], 3))

# %%
# Linear probes per layer
# -----------------------
# A trained deep net keeps the digit linearly decodable in every layer, while
# an untrained one loses information as depth grows.
fig, ax = plt.subplots(figsize=(6, 4))
for name, (train_layers, test_layers) in reps.items():
    accuracies = []
    for h_train, h_test in zip(train_layers, test_layers):
        probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=200))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            accuracies.append(probe.fit(h_train, y_train).score(h_test, y_test))
    ax.plot(range(len(accuracies)), accuracies, "o-", label=name)
ax.set(
    xlabel="layer (0 = input)",
    ylabel="probe test accuracy",
    title="linear probe accuracy per layer (digits)",
)
ax.legend()
fig.tight_layout()
plt.show()

"""
===============================================
One network, every optimizer: loss curves
===============================================

Training a neural network is minimizing its loss over the weights.  We train
the same :class:`~skmath.neural_network.MLPClassifier` (one hidden layer of
64 ReLU units) on the digits with every optimizer skmath ships --- stochastic
gradient descent, momentum, Adam, AdamW, RMSprop, Adagrad, and the
full-batch methods L-BFGS, nonlinear conjugate gradient, Newton-CG (exact
Hessian-vector products from torch autograd) and BFGS --- then tune one
optimizer's learning rate with ``GridSearchCV`` and plug in a raw
``torch.optim`` class.
"""

# %%
# The data and the network
# ------------------------
import time
import warnings

import matplotlib.pyplot as plt
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmath import plugins
from skmath.neural_network import MLPClassifier
from skmath.optim import SGD

warnings.simplefilter("ignore", ConvergenceWarning)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

# %%
# Every optimizer by name
# -----------------------
# Minibatch methods run 30 epochs of batches of 200; full-batch methods run
# up to 100 iterations on all the data (BFGS, whose dense inverse-Hessian
# estimate costs :math:`O(n^2)` per iteration, 25).  ``loss_curve_`` is
# recorded for both kinds.
results = []
for name in plugins.available("optimizers"):
    clf = MLPClassifier((64,), optimizer=name, random_state=0)
    if hasattr(clf, "partial_fit"):  # minibatch methods
        clf.set_params(max_iter=30)
    else:
        clf.set_params(max_iter=25 if name == "bfgs" else 100)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    results.append((name, clf, seconds))
    print(
        f"{name:>10}: accuracy {clf.score(X_test, y_test):.3f}  "
        f"{seconds:5.2f} s  {clf.n_iter_:3d} iterations  loss {clf.loss_:.2e}"
    )

# %%
# Loss curves
# -----------
# Second-order information pays per iteration: Newton-CG and L-BFGS reach a
# training loss that Adam needs many more epochs for, at a higher cost per
# iteration.
fig, ax = plt.subplots(figsize=(7, 4.5))
for name, clf, _ in results:
    style = "-" if clf.optimizer_.minibatch else "--"
    ax.plot(clf.loss_curve_, style, label=name)
ax.set_yscale("log")
ax.set_xlabel("epoch (solid) / full-batch iteration (dashed)")
ax.set_ylabel("training loss")
ax.legend(ncol=2, fontsize=8)
ax.set_title("MLPClassifier(64) on digits")
fig.tight_layout()

# %%
# Tuning an optimizer object inside a pipeline
# --------------------------------------------
# Optimizer objects are parameter objects: ``GridSearchCV`` reaches their
# parameters through ``mlpclassifier__optimizer__lr``.
pipe = make_pipeline(
    StandardScaler(),
    MLPClassifier((64,), optimizer=SGD(momentum=0.9), max_iter=15, random_state=0),
)
search = GridSearchCV(pipe, {"mlpclassifier__optimizer__lr": [0.003, 0.03]}, cv=3)
search.fit(X[: len(X) * 3 // 4], y[: len(y) * 3 // 4])
print("best:", search.best_params_, f"cv accuracy {search.best_score_:.3f}")

# %%
# Any ``torch.optim`` class
# -------------------------
# A raw ``torch.optim.Optimizer`` subclass is wrapped as it is;
# ``learning_rate_init`` becomes its ``lr``.
nadam = MLPClassifier(
    (64,),
    optimizer=torch.optim.NAdam,
    learning_rate_init=0.002,
    max_iter=30,
    random_state=0,
).fit(X_train, y_train)
print("NAdam:", nadam.optimizer_, f"accuracy {nadam.score(X_test, y_test):.3f}")

"""
==================================================
Layer-by-layer CKA of two networks: CKADisplay
==================================================

:class:`~skmath.theory.CKADisplay` computes linear centred kernel alignment
(:func:`~skmath.theory.cka`) between every hidden layer of one network and
every hidden layer of another on the same inputs, and draws the matrix as a
heatmap with the value in each cell and a colour bar.

Here a deep (4 x 64) and a shallow (1 x 128) skmath MLP trained on the digits:
the shallow net's hidden layer is most similar to the deep net's early
layers, and similarity to the raw input decays with depth.
"""

# %%
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skmath.neural_network import MLPClassifier
from skmath.theory import CKADisplay

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16.0, y, test_size=0.3, random_state=0, stratify=y
)
deep = MLPClassifier((64,) * 4, max_iter=20, random_state=0)
shallow = MLPClassifier((128,), max_iter=20, random_state=0)
for net in (deep, shallow):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 20 epochs are enough
        net.fit(X_train, y_train)
    print(
        f"{net.hidden_layer_sizes}: held-out accuracy {net.score(X_test, y_test):.3f}"
    )

# %%
# The representations are those of held-out inputs.
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5))
CKADisplay.from_estimators(deep, deep, X_test, name_a="deep", name_b="deep", ax=ax1)
disp = CKADisplay.from_estimators(
    deep, shallow, X_test, name_a="deep", name_b="shallow", ax=ax2
)
ax1.set_title("deep vs itself")
ax2.set_title("deep vs shallow")
fig.tight_layout()
plt.show()

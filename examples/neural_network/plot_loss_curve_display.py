"""
==================================================
Training histories: LossCurveDisplay
==================================================

:class:`~skmath.neural_network.LossCurveDisplay` draws what a network
recorded while training: the training loss per epoch and, when part of the
data was held out (``early_stopping=True``), the validation loss beside it
and the validation score (accuracy here) on its own right-hand axis.  The
same display reads :class:`~skmath.neural_network.MLPClassifier` and
:class:`~skmath.cnn.CNNClassifier`, which record the same attributes
(``loss_curve_``, ``validation_loss_curve_``, ``validation_scores_``).

A gap opening between the training and the validation loss is the network
starting to memorise its training digits.
"""

# %%
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

from skmath.cnn import CNNClassifier
from skmath.neural_network import LossCurveDisplay, MLPClassifier

X, y = load_digits(return_X_y=True)
X = X / 16.0
mlp = MLPClassifier(
    (64,), early_stopping=True, max_iter=40, n_iter_no_change=40, random_state=0
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)  # 40 epochs, by design
    mlp.fit(X, y)
cnn = CNNClassifier(
    architecture="lenet5", max_epochs=8, early_stopping=True, random_state=0
).fit(X, y)

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4))
LossCurveDisplay.from_estimator(mlp, ax=ax1, log_scale=True)
LossCurveDisplay.from_estimator(cnn, ax=ax2)
ax1.set_title("MLPClassifier(64), 10% held out")
ax2.set_title("CNNClassifier(lenet5), 10% held out")
fig.tight_layout()
plt.show()

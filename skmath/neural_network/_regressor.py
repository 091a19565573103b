"""``MLPRegressor``: linear output, half the mean squared error."""

from __future__ import annotations

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils.metaestimators import available_if

from ..utils._validation import check_numeric_target
from ._docs import estimator_docstring
from ._multilayer import _BaseMLP

__all__ = ["MLPRegressor"]


class MLPRegressor(RegressorMixin, _BaseMLP):
    __doc__ = estimator_docstring(
        """Multi-layer perceptron regressor on PyTorch with a pluggable optimizer.

    Trained on half the mean squared error plus the L2 penalty
    :math:`\\frac{\\alpha}{2 n}\\sum \\|W\\|^2`; the output layer is linear.""",
        attributes="""\
    n_outputs_ : int
        Number of targets.
""",
        examples="""\
    >>> import numpy as np
    >>> from skmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = MLPRegressor((16,), optimizer="bfgs", max_iter=100, random_state=0)
    >>> reg.fit(X, X.ravel() ** 2).score(X, X.ravel() ** 2) > 0.95
    True
""",
    )

    _continuous = True

    def _prepare_targets(self, y, *, first_pass, incremental, classes):
        check_numeric_target(
            y,
            f"{type(self).__name__} needs numeric y; got values of dtype {{dtype}} "
            "such as {examples!r}. For class labels use MLPClassifier.",
        )
        y = np.asarray(y, dtype=np.float64)
        if not np.all(np.isfinite(y)):
            raise ValueError(f"{type(self).__name__}: y contains NaN or infinity")
        y = y.reshape(len(y), -1)
        if not first_pass and y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} outputs, the model was fitted with "
                f"{self.n_outputs_}"
            )
        return y

    @staticmethod
    def _n_network_outputs(targets):
        return targets.shape[1]

    _n_outputs = _n_network_outputs

    @staticmethod
    def _target_tensor(torch, targets, dtype, device):
        return torch.as_tensor(targets, dtype=dtype, device=device)

    _loss_name = "squared"

    @staticmethod
    def _loss(torch, output, target):
        return 0.5 * torch.nn.functional.mse_loss(output, target)

    @staticmethod
    def _score_outputs(output, target):
        residual = ((target - output) ** 2).sum()
        total = ((target - target.mean(dim=0)) ** 2).sum()
        if total == 0:
            return 0.0
        return (1 - residual / total).item()

    @available_if(_BaseMLP._minibatch)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y):
        """Train one epoch on a chunk ``X``, ``y`` (out-of-core learning).

        The optimizer's state carries over from call to call, so chunks read
        from a memory map or a Dask array train like one dataset.  Only
        minibatch optimizers have this method.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            One chunk of the training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Its targets.

        Returns
        -------
        self : MLPRegressor
            The updated estimator.
        """
        return self._fit(X, y, incremental=True)

    def predict(self, X):
        """Predicted targets of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples to predict targets for.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions; one output gives shape (n_samples,).
        """
        out = self._forward(X).cpu().double().numpy()
        out = out.astype(self._output_dtype, copy=False)
        # one output: (n_samples,), as scikit-learn, also for y of shape (n, 1)
        return out.ravel() if out.shape[1] == 1 else out

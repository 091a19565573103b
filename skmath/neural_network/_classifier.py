"""``MLPClassifier``: softmax output, cross-entropy, labels of any type."""

from __future__ import annotations

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target

from ..utils._torch import import_torch
from ..utils._validation import check_at_least_two_classes
from ._docs import estimator_docstring
from ._multilayer import _BaseMLP

__all__ = ["MLPClassifier"]


class MLPClassifier(ClassifierMixin, _BaseMLP):
    __doc__ = estimator_docstring(
        """Multi-layer perceptron classifier on PyTorch with a pluggable optimizer.

    The network is a stack of fully connected layers with the chosen
    activation and a softmax output, trained on the cross-entropy plus an L2
    penalty :math:`\\frac{\\alpha}{2 n}\\sum \\|W\\|^2` (``n`` the batch size,
    as in scikit-learn).""",
        attributes="""\
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_outputs_ : int
        1 for two classes, else the number of classes (scikit-learn's count).
""",
        examples="""\
    >>> from sklearn.datasets import load_iris
    >>> from skmath.neural_network import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier((16,), optimizer="lbfgs", max_iter=50, random_state=0)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf.transform(X[:2]).shape
    (2, 16)
""",
    )

    _continuous = False

    def _prepare_targets(self, y, *, first_pass, incremental, classes):
        check_classification_targets(y)
        target_type = type_of_target(y)
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                f"{type(self).__name__} supports binary and multiclass targets, "
                f"got {target_type!r}"
            )
        y = np.ravel(y)
        if first_pass:
            encoder = LabelEncoder()
            if classes is not None:
                encoder.fit(np.asarray(classes))
            else:
                encoder.fit(y)
            check_at_least_two_classes(encoder.classes_, type(self).__name__)
            self.classes_ = encoder.classes_
        elif classes is not None and not np.array_equal(
            np.unique(classes), self.classes_
        ):
            raise ValueError(
                f"classes={np.unique(classes).tolist()} differs from the classes "
                f"of the first call to partial_fit, {self.classes_.tolist()}"
            )
        elif not incremental and not np.array_equal(np.unique(y), self.classes_):
            raise ValueError(  # scikit-learn's message, word for word
                "warm_start can only be used where `y` has the same classes as "
                f"in the previous call to fit. Previously got {self.classes_}, "
                f"`y` has {np.unique(y)}"
            )
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y contains labels not seen in the first fit: {unknown.tolist()}; "
                f"classes_ are {self.classes_.tolist()}"
            )
        return np.searchsorted(self.classes_, y)

    def _n_network_outputs(self, targets):
        return len(self.classes_)

    def _n_outputs(self, targets):
        # scikit-learn's count: one output for two classes (its logistic unit)
        return 1 if len(self.classes_) == 2 else len(self.classes_)

    @staticmethod
    def _target_tensor(torch, targets, dtype, device):
        return torch.as_tensor(targets, dtype=torch.long, device=device)

    #: the loss of :class:`Backprop` that equals :meth:`_loss`
    _loss_name = "cross_entropy"

    @staticmethod
    def _loss(torch, output, target):
        return torch.nn.functional.cross_entropy(output, target)

    @staticmethod
    def _score_outputs(output, target):
        return (output.argmax(dim=1) == target).double().mean().item()

    @available_if(_BaseMLP._minibatch)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One epoch over ``X``, ``y``: the out-of-core path.

        Feed the data chunk by chunk (e.g. from a memory map or a Dask
        array); the optimizer state carries over between calls.  Only for
        minibatch optimizers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A chunk of training data.
        y : array-like of shape (n_samples,)
            Its labels.
        classes : array-like of shape (n_classes,), default=None
            Every class label; required on the first call.

        Returns
        -------
        self : MLPClassifier
            The updated estimator.
        """
        if not hasattr(self, "classes_") and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit")
        return self._fit(X, y, incremental=True, classes=classes)

    def predict_proba(self, X):
        """Class probabilities of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        torch = import_torch()
        proba = torch.softmax(self._forward(X), dim=1).cpu().double().numpy()
        return proba.astype(self._output_dtype, copy=False)

    def predict_log_proba(self, X):
        """Log-probabilities of the classes, by log-softmax (no underflow).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples to classify.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            ``log(predict_proba(X))``, columns in the order of ``classes_``.
        """
        torch = import_torch()
        log_proba = torch.log_softmax(self._forward(X), dim=1).cpu().double()
        return log_proba.numpy().astype(self._output_dtype, copy=False)

    def predict(self, X):
        """Predicted class labels of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples to label.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        index = self._forward(X).argmax(dim=1).cpu().numpy()
        return self.classes_[index]

"""CKADisplay: layer-by-layer CKA between two networks, as an annotated heatmap."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from ..utils._plotting import get_axes
from ._cka import cka_matrix

__all__ = ["CKADisplay"]

_ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "logistic": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
}


def _dense_layers(estimator, X):
    """Hidden activations of an MLP (skmath's or scikit-learn's), from its weights."""
    activation = getattr(estimator, "activation", None)
    if activation not in _ACTIVATIONS:
        raise ValueError(
            f"{type(estimator).__name__} has activation={activation!r}; "
            f"CKADisplay knows {sorted(_ACTIVATIONS)}"
        )
    act = _ACTIVATIONS[activation]
    h = check_array(X, dtype=np.float64)
    hidden = []
    for W, b in zip(estimator.coefs_[:-1], estimator.intercepts_[:-1]):
        h = act(h @ np.asarray(W, dtype=np.float64) + np.asarray(b, dtype=np.float64))
        hidden.append(h)
    names = [f"hidden {i + 1}" for i in range(len(hidden))]
    return names, hidden


def _default_cnn_layers(estimator):
    """The blocks one level inside each top-level module (``features.0``, ...)."""
    names = list(estimator.layer_names_)
    parents = {name.rsplit(".", 1)[0] for name in names if "." in name}
    return [
        name
        for name in names
        if name.count(".") == 1 or ("." not in name and name not in parents)
    ]


def _representations(estimator, X, layers, include_input):
    if not hasattr(estimator, "predict"):
        raise TypeError(
            f"CKADisplay compares fitted networks; got {type(estimator).__name__}"
        )
    check_is_fitted(estimator)
    if hasattr(estimator, "layer_names_"):  # CNNClassifier: named modules
        names = list(layers) if layers is not None else _default_cnn_layers(estimator)
        reps = [estimator.transform(X, layer=name) for name in names]
    elif hasattr(estimator, "coefs_"):
        names, reps = _dense_layers(estimator, X)
        if layers is not None:
            reps = [reps[i] for i in layers]
            names = [names[i] for i in layers]
    else:
        raise TypeError(
            f"CKADisplay compares MLPs (coefs_) and CNNClassifier (layer_names_); "
            f"got {type(estimator).__name__}"
        )
    if include_input:
        flat = check_array(np.asarray(X).reshape(len(X), -1), dtype=np.float64)
        names, reps = ["input", *names], [flat, *reps]
    return names, reps


class CKADisplay:
    """Centered kernel alignment between every layer of two networks.

    Rows are the layers of network A, columns those of network B; each cell
    is the CKA of the two layers' representations of the same inputs (1:
    the same up to rotation and scale).  Build it with :meth:`from_estimators`.

    Parameters
    ----------
    cka : ndarray of shape (n_layers_a, n_layers_b)
        CKA values.
    layers_a, layers_b : list of str
        Layer names of the two networks.
    name_a, name_b : str, default="A", "B"
        Axis labels.

    Attributes
    ----------
    image_ : matplotlib AxesImage
        The heatmap (its array is ``cka``).
    colorbar_ : matplotlib Colorbar or None
    texts_ : ndarray of matplotlib Text or None
        The numbers printed in the cells.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.neural_network import MLPClassifier
    >>> from skmath.theory import CKADisplay
    >>> X, y = load_digits(return_X_y=True)
    >>> X = X[:300] / 16
    >>> a = MLPClassifier((32, 32), max_iter=300, random_state=0).fit(X, y[:300])
    >>> b = MLPClassifier((32,), max_iter=300, random_state=1).fit(X, y[:300])
    >>> disp = CKADisplay.from_estimators(a, b, X)
    >>> disp.cka.shape
    (3, 2)
    """

    def __init__(self, *, cka, layers_a, layers_b, name_a="A", name_b="B"):
        self.cka = cka
        self.layers_a = layers_a
        self.layers_b = layers_b
        self.name_a = name_a
        self.name_b = name_b

    def plot(self, ax=None, *, annotate=True, colorbar=True, **kwargs):
        """Draw the heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        annotate : bool, default=True
            Print each value in its cell.
        colorbar : bool, default=True
            Add a colour bar.
        **kwargs
            Passed to ``ax.imshow`` (default ``cmap="viridis"``, ``vmin=0``,
            ``vmax=1``).

        Returns
        -------
        self : CKADisplay
        """
        self.figure_, self.ax_ = get_axes(ax, type(self).__name__)
        cka = np.asarray(self.cka, dtype=float)
        style = {"cmap": "viridis", "vmin": 0.0, "vmax": 1.0, "origin": "upper"}
        style.update(kwargs)
        self.image_ = self.ax_.imshow(cka, **style)
        self.ax_.set_xticks(range(cka.shape[1]), self.layers_b, rotation=45, ha="right")
        self.ax_.set_yticks(range(cka.shape[0]), self.layers_a)
        self.ax_.set_xlabel(self.name_b)
        self.ax_.set_ylabel(self.name_a)
        self.texts_ = None
        if annotate:
            cmap, norm = self.image_.cmap, self.image_.norm
            self.texts_ = np.empty(cka.shape, dtype=object)
            for (i, j), value in np.ndenumerate(cka):
                # dark text on light cells, light text on dark ones
                luminance = np.dot(cmap(norm(value))[:3], [0.299, 0.587, 0.114])
                self.texts_[i, j] = self.ax_.text(
                    j,
                    i,
                    f"{value:.2f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="black" if luminance > 0.5 else "white",
                )
        self.colorbar_ = None
        if colorbar:
            self.colorbar_ = self.figure_.colorbar(self.image_, ax=self.ax_)
            self.colorbar_.set_label("CKA")
        return self

    @classmethod
    def from_estimators(
        cls,
        estimator_a,
        estimator_b,
        X,
        *,
        layers_a=None,
        layers_b=None,
        include_input=True,
        kernel="linear",
        debiased=False,
        name_a=None,
        name_b=None,
        ax=None,
        **kwargs,
    ):
        """CKA between the layers of two fitted networks on the inputs ``X``.

        Parameters
        ----------
        estimator_a, estimator_b : fitted network
            skmath or scikit-learn ``MLPClassifier``/``MLPRegressor`` (hidden
            layers from ``coefs_``), or :class:`~skmath.cnn.CNNClassifier`
            (named layers through ``transform(X, layer=...)``).
        X : array-like
            Inputs both networks accept; the same rows feed both.
        layers_a, layers_b : list, default=None
            Which layers: hidden-layer indices for an MLP, names from
            ``layer_names_`` for a CNN.  None: every hidden layer of an MLP;
            the blocks one level inside a CNN's top-level modules.
        include_input : bool, default=True
            Add the input itself as the first "layer" of both networks.
        kernel : {"linear", "rbf"}, default="linear"
            See :func:`cka`.
        debiased : bool, default=False
            See :func:`cka`.
        name_a, name_b : str, default=None
            Axis labels; the class names when None.
        ax : matplotlib Axes, default=None
            Where to draw.
        **kwargs
            Passed to ``ax.imshow``.

        Returns
        -------
        display : CKADisplay
        """
        names_a, reps_a = _representations(estimator_a, X, layers_a, include_input)
        names_b, reps_b = _representations(estimator_b, X, layers_b, include_input)
        matrix = cka_matrix(reps_a, reps_b, kernel=kernel, debiased=debiased)
        display = cls(
            cka=matrix,
            layers_a=names_a,
            layers_b=names_b,
            name_a=name_a or type(estimator_a).__name__,
            name_b=name_b or type(estimator_b).__name__,
        )
        return display.plot(ax=ax, **kwargs)

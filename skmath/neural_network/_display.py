"""LossCurveDisplay: training loss, validation loss and score per epoch."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..utils._plotting import get_axes, legend_outside

__all__ = ["LossCurveDisplay"]


def _curve(values):
    return None if values is None or len(values) == 0 else np.asarray(values, float)


class LossCurveDisplay:
    """Training history of a network: losses on the left axis, score on the right.

    The training loss (``loss_curve_``) and, when a validation split was held
    out (``early_stopping=True``), the validation loss
    (``validation_loss_curve_``) share the left axis; the validation score
    (``validation_scores_``: accuracy or R²) has its own axis on the right
    (``score_ax_``), since it is on another scale.  Works for skmath's
    :class:`MLPClassifier`, :class:`MLPRegressor` and
    :class:`~skmath.cnn.CNNClassifier`, which record the same attributes.

    Parameters
    ----------
    loss_curve : array-like of shape (n_iter,)
        Training loss per epoch (or per full-batch iteration).
    validation_loss_curve : array-like of shape (n_iter,), default=None
    validation_scores : array-like of shape (n_iter,), default=None
    estimator_name : str, default=None
        Prefix of the legend labels.

    Attributes
    ----------
    lines_ : dict of matplotlib Line2D
        ``"train"``, and ``"validation"`` / ``"score"`` when drawn.
    score_ax_ : matplotlib Axes or None
        The right-hand axis of the validation score.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_digits
    >>> from skmath.neural_network import LossCurveDisplay, MLPClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = MLPClassifier((32,), early_stopping=True, max_iter=5, tol=0,
    ...                     random_state=0).fit(X / 16, y)
    >>> disp = LossCurveDisplay.from_estimator(clf)
    >>> sorted(disp.lines_)
    ['score', 'train', 'validation']
    """

    def __init__(
        self,
        *,
        loss_curve,
        validation_loss_curve=None,
        validation_scores=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, score=True, log_scale=False, **kwargs):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        score : bool, default=True
            Draw the validation score on a right-hand axis when there is one.
        log_scale : bool, default=False
            Logarithmic loss axis.
        **kwargs
            Passed to every ``ax.plot`` call (``color``, ``linewidth``, ...);
            ``label`` replaces the estimator name in the legend.

        Returns
        -------
        self : LossCurveDisplay
        """
        self.figure_, self.ax_ = get_axes(ax, type(self).__name__)
        name = kwargs.pop("label", self.estimator_name)
        prefix = f"{name}: " if name else ""
        train = np.asarray(self.loss_curve, dtype=float)
        epochs = np.arange(1, len(train) + 1)
        self.lines_ = {}
        (self.lines_["train"],) = self.ax_.plot(
            epochs, train, **{"label": f"{prefix}training loss", **kwargs}
        )
        color = self.lines_["train"].get_color()
        valid = _curve(self.validation_loss_curve)
        if valid is not None:
            style = {"color": color, "linestyle": "--", **kwargs}
            (self.lines_["validation"],) = self.ax_.plot(
                epochs[: len(valid)], valid, label=f"{prefix}validation loss", **style
            )
        self.ax_.set_xlabel("epoch")
        self.ax_.set_ylabel("loss")
        if log_scale:
            self.ax_.set_yscale("log")
        # every curve already on the axes, so several displays share a legend
        handles = self.ax_.get_legend_handles_labels()[0]
        self.score_ax_ = None
        scores = _curve(self.validation_scores)
        if score and scores is not None:
            self.score_ax_ = self.ax_.twinx()
            style = {"color": color, "linestyle": ":", "marker": ".", **kwargs}
            (self.lines_["score"],) = self.score_ax_.plot(
                epochs[: len(scores)],
                scores,
                label=f"{prefix}validation score",
                **style,
            )
            self.score_ax_.set_ylabel("validation score")
            handles.append(self.lines_["score"])
        # legend right of both axes, off the data
        legend_outside(
            self.ax_,
            handles=handles,
            bbox_to_anchor=(1.12 if self.score_ax_ is not None else 1.01, 1.0),
        )
        return self

    @classmethod
    def from_estimator(cls, estimator, *, name=None, ax=None, **kwargs):
        """Plot the training history of a fitted network.

        Parameters
        ----------
        estimator : MLPClassifier, MLPRegressor or CNNClassifier
            Fitted; reads ``loss_curve_``, ``validation_loss_curve_`` and
            ``validation_scores_``.
        name : str, default=None
            Legend prefix; none when None.
        ax : matplotlib Axes, default=None
            Where to draw.
        **kwargs
            Passed to :meth:`plot` (``score``, ``log_scale``) and to
            ``ax.plot``.

        Returns
        -------
        display : LossCurveDisplay
        """
        check_is_fitted(estimator)
        if not hasattr(estimator, "loss_curve_"):
            raise TypeError(
                f"{type(estimator).__name__} keeps no loss_curve_; LossCurveDisplay "
                "draws skmath's MLPs and CNNClassifier"
            )
        display = cls(
            loss_curve=estimator.loss_curve_,
            validation_loss_curve=getattr(estimator, "validation_loss_curve_", None),
            validation_scores=getattr(estimator, "validation_scores_", None),
            estimator_name=name,
        )
        return display.plot(ax=ax, **kwargs)

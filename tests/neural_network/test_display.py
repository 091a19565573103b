"""LossCurveDisplay draws the recorded histories of the MLPs and the CNN."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from skmath.neural_network import (  # noqa: E402
    LossCurveDisplay,
    MLPClassifier,
    MLPRegressor,
)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:500] / 16, y[:500]


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y)


def test_mlp_with_validation(digits):
    X, y = digits
    clf = _fit(
        MLPClassifier((16,), early_stopping=True, max_iter=6, tol=0, random_state=0),
        X,
        y,
    )
    disp = LossCurveDisplay.from_estimator(clf, name="mlp")
    lines = disp.lines_
    np.testing.assert_allclose(lines["train"].get_ydata(), clf.loss_curve_)
    np.testing.assert_allclose(lines["train"].get_xdata(), np.arange(1, 7))
    np.testing.assert_allclose(
        lines["validation"].get_ydata(), clf.validation_loss_curve_
    )
    np.testing.assert_allclose(lines["score"].get_ydata(), clf.validation_scores_)
    # the score lives on its own (right) axis, the losses share the left one
    assert lines["score"].axes is disp.score_ax_ is not disp.ax_
    assert lines["validation"].axes is disp.ax_
    legend = [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    assert legend == [
        "mlp: training loss",
        "mlp: validation loss",
        "mlp: validation score",
    ]
    plt.close(disp.figure_)


def test_several_on_one_ax_with_kwargs(digits):
    X, y = digits
    fig, ax = plt.subplots()
    displays = []
    for optimizer, color in (("adam", "tab:blue"), ("lbfgs", "tab:green")):
        reg = _fit(
            MLPRegressor((8,), optimizer=optimizer, max_iter=5, random_state=0),
            X,
            y.astype(float),
        )
        displays.append(
            LossCurveDisplay.from_estimator(
                reg, ax=ax, label=optimizer, color=color, log_scale=True
            )
        )
        assert (
            displays[-1].score_ax_ is None and "validation" not in displays[-1].lines_
        )
        np.testing.assert_allclose(
            displays[-1].lines_["train"].get_ydata(), reg.loss_curve_
        )
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    assert matplotlib.colors.same_color(ax.lines[1].get_color(), "tab:green")
    plt.close(fig)


def test_cnn_history_and_bad_input(digits):
    pytest.importorskip("skorch")
    from skmath.cnn import CNNClassifier

    X, y = digits
    cnn = CNNClassifier(
        max_epochs=2, early_stopping=True, random_state=0, n_jobs=1
    ).fit(X[:300], y[:300])
    disp = LossCurveDisplay.from_estimator(cnn)
    np.testing.assert_allclose(
        disp.lines_["train"].get_ydata(), cnn.net_.history[:, "train_loss"]
    )
    np.testing.assert_allclose(
        disp.lines_["validation"].get_ydata(), cnn.net_.history[:, "valid_loss"]
    )
    np.testing.assert_allclose(
        disp.lines_["score"].get_ydata(), cnn.net_.history[:, "valid_acc"]
    )
    from sklearn.linear_model import Ridge

    with pytest.raises(TypeError, match="keeps no loss_curve_"):
        LossCurveDisplay.from_estimator(Ridge().fit(X, y))
    plt.close("all")


def test_displays_on_one_ax_share_the_legend(digits):
    X, y = digits
    fig, ax = plt.subplots()
    for name in ("a", "b"):
        clf = _fit(MLPClassifier((8,), max_iter=3, random_state=0), X, y)
        LossCurveDisplay.from_estimator(clf, ax=ax, label=name)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["a: training loss", "b: training loss"]
    plt.close(fig)

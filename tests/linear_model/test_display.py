"""CoefDisplay draws the estimates and confidence intervals of the fit."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402

from skmath.linear_model import CoefDisplay, LinearRegression  # noqa: E402


@pytest.fixture(scope="module")
def diabetes():
    data = load_diabetes()
    return data, LinearRegression().fit(data.data, data.target)


def _drawn(container):
    """(estimates, rows, lower, upper) as drawn by one ax.errorbar."""
    line = container.lines[0]
    segments = np.array(container.lines[2][0].get_segments())
    return line.get_xdata(), line.get_ydata(), segments[:, 0, 0], segments[:, 1, 0]


def test_plots_coefficients_and_intervals(diabetes):
    data, reg = diabetes
    disp = CoefDisplay.from_estimator(reg, level=0.9, feature_names=data.feature_names)
    x, rows, lower, upper = _drawn(disp.errorbar_)
    ci = reg.conf_int(0.9)[1:]  # intercept row first
    np.testing.assert_allclose(x, reg.coef_)
    np.testing.assert_allclose(rows, np.arange(10))
    np.testing.assert_allclose(lower, ci[:, 0])
    np.testing.assert_allclose(upper, ci[:, 1])
    labels = [t.get_text() for t in disp.ax_.get_yticklabels()]
    assert labels == list(data.feature_names)
    assert disp.figure_ is disp.ax_.figure
    assert "90%" in disp.ax_.get_xlabel()
    plt.close(disp.figure_)


def test_intercept_ax_and_kwargs(diabetes):
    data, reg = diabetes
    fig, ax = plt.subplots()
    disp = CoefDisplay.from_estimator(
        reg, include_intercept=True, ax=ax, color="tab:green", name="OLS"
    )
    assert disp.ax_ is ax
    x, _, lower, upper = _drawn(disp.errorbar_)
    np.testing.assert_allclose(x, np.r_[reg.intercept_, reg.coef_])
    np.testing.assert_allclose(np.c_[lower, upper], reg.conf_int())
    assert disp.ax_.get_yticklabels()[0].get_text() == "intercept"
    assert matplotlib.colors.same_color(
        disp.errorbar_.lines[0].get_color(), "tab:green"
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["OLS"]
    plt.close(fig)


def test_multi_target_and_bad_input(diabetes):
    data, _ = diabetes
    Y = np.c_[data.target, -2 * data.target]
    reg = LinearRegression().fit(data.data, Y)
    with pytest.raises(ValueError, match="2 targets; pass target="):
        CoefDisplay.from_estimator(reg)
    disp = CoefDisplay.from_estimator(reg, target=1)
    np.testing.assert_allclose(disp.errorbar_.lines[0].get_xdata(), reg.coef_[1])
    with pytest.raises(ValueError, match="3 names for 10 coefficients"):
        CoefDisplay.from_estimator(reg, target=0, feature_names=["a", "b", "c"])
    no_intercept = LinearRegression(fit_intercept=False).fit(data.data, data.target)
    with pytest.raises(ValueError, match="fitted without one"):
        CoefDisplay.from_estimator(no_intercept, include_intercept=True)
    plt.close("all")

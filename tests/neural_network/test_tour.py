"""The optimization tour section runs and reports every optimizer it is given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from skmath.neural_network._tour import compare_optimizers, plot_loss_curves  # noqa: E402


def test_compare_optimizers_and_plot():
    results = compare_optimizers(quick=True, names=["adam", "newton-cg"])
    assert [r["name"] for r in results] == ["adam", "newton-cg"]
    for r in results:
        assert r["accuracy"] > 0.93 and len(r["curve"]) == r["n_iter"]
    fig, ax = plt.subplots()
    plot_loss_curves(results, ax)
    assert len(ax.lines) == 2
    plt.close(fig)

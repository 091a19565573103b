"""CKADisplay draws the CKA of every pair of layers, with numbers and a colour bar."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from skmath.theory import CKADisplay, cka  # noqa: E402


@pytest.fixture(scope="module")
def nets():
    X, y = load_digits(return_X_y=True)
    X, y = X[:400] / 16, y[:400]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        deep = MLPClassifier((24, 16, 12), max_iter=40, random_state=0).fit(X, y)
        shallow = MLPClassifier(
            (20,), activation="tanh", max_iter=40, random_state=1
        ).fit(X, y)
    return X, deep, shallow


def _hidden(net, X):
    """Hidden activations computed here, independently of the display."""
    act = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}[net.activation]
    out, h = [], X
    for W, b in zip(net.coefs_[:-1], net.intercepts_[:-1]):
        h = act(h @ W + b)
        out.append(h)
    return out


def test_heatmap_holds_the_cka_of_each_layer_pair(nets):
    X, deep, shallow = nets
    disp = CKADisplay.from_estimators(deep, shallow, X, name_a="deep")
    reps_a = [X, *_hidden(deep, X)]
    reps_b = [X, *_hidden(shallow, X)]
    expected = np.array([[cka(a, b) for b in reps_b] for a in reps_a])
    np.testing.assert_allclose(disp.image_.get_array(), expected, rtol=1e-10)
    assert disp.layers_a == ["input", "hidden 1", "hidden 2", "hidden 3"]
    assert disp.layers_b == ["input", "hidden 1"]
    assert disp.ax_.get_ylabel() == "deep"
    assert disp.ax_.get_xlabel() == "MLPClassifier"
    assert disp.texts_.shape == (4, 2)
    assert disp.texts_[3, 1].get_text() == f"{expected[3, 1]:.2f}"
    assert disp.colorbar_ is not None
    assert disp.image_.get_clim() == (0.0, 1.0)
    plt.close(disp.figure_)


def test_same_network_diagonal_and_options(nets):
    X, deep, _ = nets
    fig, ax = plt.subplots()
    disp = CKADisplay.from_estimators(
        deep,
        deep,
        X,
        layers_a=[2],
        layers_b=[0, 2],
        include_input=False,
        ax=ax,
        annotate=False,
        colorbar=False,
        cmap="magma",
    )
    assert disp.ax_ is ax
    np.testing.assert_allclose(disp.cka[0, 1], 1.0)
    assert disp.cka[0, 0] < 0.999
    assert disp.texts_ is None and disp.colorbar_ is None
    assert disp.image_.get_cmap().name == "magma"
    plt.close(fig)


def test_cnn_layers_and_bad_input(nets):
    pytest.importorskip("skorch")
    from skmath.cnn import CNNClassifier

    X, deep, _ = nets
    y = load_digits().target[:400]
    cnn = CNNClassifier(architecture="lenet5", max_epochs=1, random_state=0)
    cnn.fit(X[:200], y[:200])
    disp = CKADisplay.from_estimators(
        cnn, deep, X[:100], layers_a=["features.0", "head"]
    )
    assert disp.layers_a == ["input", "features.0", "head"]
    expected = cka(cnn.transform(X[:100], layer="head"), _hidden(deep, X[:100])[0])
    np.testing.assert_allclose(disp.cka[2, 1], expected)
    default = CKADisplay.from_estimators(cnn, cnn, X[:100], include_input=False)
    assert default.layers_a[0] == "features.0" and default.layers_a[-1] == "head"
    np.testing.assert_allclose(np.diag(default.cka), 1.0)
    from sklearn.linear_model import Ridge

    with pytest.raises(TypeError, match="compares MLPs"):
        CKADisplay.from_estimators(Ridge().fit(X, y), deep, X)
    with pytest.raises(TypeError, match="compares fitted networks"):
        CKADisplay.from_estimators(deep, object(), X)
    plt.close("all")

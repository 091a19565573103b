"""Hand-written backpropagation: the loss and gradients autograd computes."""

import numpy as np
import pytest

from skmath.neural_network import MLPClassifier, MLPRegressor
from skmath.neural_network._backprop import Backprop
from skmath.neural_network._network import build_network as _build_network

torch = pytest.importorskip("torch")


def _autograd(module, estimator, xb, yb, alpha):
    for p in module.parameters():
        p.grad = None
    loss = estimator._loss(torch, module(xb), yb)
    weights = [p for name, p in module.named_parameters() if name.endswith("weight")]
    loss = loss + 0.5 * alpha * sum((w * w).sum() for w in weights) / len(xb)
    loss.backward()
    return loss.item(), [p.grad.clone() for p in module.parameters()]


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
@pytest.mark.parametrize(
    "estimator, n_outputs",
    [(MLPClassifier, 2), (MLPClassifier, 5), (MLPRegressor, 1), (MLPRegressor, 3)],
)
@pytest.mark.parametrize("alpha", [0.0, 0.7])
@pytest.mark.parametrize("hidden", [(), (7,), (9, 4)])
def test_same_loss_and_gradients_as_autograd(
    activation, estimator, n_outputs, alpha, hidden
):
    rng = np.random.default_rng(0)
    dtype = torch.float64
    module = _build_network([6, *hidden, n_outputs], activation, rng, dtype, "cpu")
    backprop = Backprop(torch, module, activation, estimator._loss_name, alpha)
    for n in (13, 5, 13, 8):  # batch sizes change and buffers are reused
        xb = torch.as_tensor(rng.normal(size=(n, 6)), dtype=dtype)
        if estimator is MLPClassifier:
            yb = torch.as_tensor(rng.integers(0, n_outputs, n))
        else:
            yb = torch.as_tensor(rng.normal(size=(n, n_outputs)), dtype=dtype)
        expected_loss, expected = _autograd(module, estimator, xb, yb, alpha)
        loss = backprop(xb, yb)
        assert not loss.requires_grad
        assert loss.item() == pytest.approx(expected_loss, rel=1e-12)
        for p, grad in zip(module.parameters(), expected):
            torch.testing.assert_close(p.grad, grad, rtol=1e-10, atol=1e-12)


def test_unknown_loss_is_refused():
    module = _build_network([3, 2], "relu", np.random.default_rng(0), None, "cpu")
    with pytest.raises(ValueError, match="unknown loss"):
        Backprop(torch, module, "relu", "hinge", 0.0)

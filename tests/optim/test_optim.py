"""Optimizer plugins: the protocol, resolution and every method on a small problem."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone

from skmath import plugins
from skmath.optim import (
    BFGS,
    SGD,
    Adam,
    ConjugateGradient,
    FullBatchOptimizer,
    NewtonCG,
    OptimizerPlugin,
    TorchOptim,
    TorchOptimizer,
    resolve_optimizer,
)
from skmath.optim._full_batch import flat_problem

torch = pytest.importorskip("torch")

NAMES = plugins.available("optimizers")


def _least_squares():
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(40, 3, generator=gen, dtype=torch.float64)
    w_true = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    y = X @ w_true
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)

    def loss_fn():
        return ((X @ w - y) ** 2).mean()

    return w, loss_fn, w_true


def test_plugins_import_without_torch():
    code = (
        "import sys, skmath.optim as o\n"
        "from skmath import plugins\n"
        "[plugins.get('optimizers', n) for n in plugins.available('optimizers')]\n"
        "o.SGD(); o.NewtonCG()\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("name", NAMES)
def test_every_optimizer_minimizes_least_squares(name):
    lr = {"sgd": 0.1, "momentum": 0.05, "adagrad": 0.5, "rmsprop": 0.01}.get(name, 0.05)
    optimizer = resolve_optimizer(name, learning_rate=lr)
    assert isinstance(optimizer, OptimizerPlugin)
    w, loss_fn, w_true = _least_squares()
    start = loss_fn().item()
    losses = []
    n_iter = optimizer.minimize(
        [w], loss_fn, max_iter=300, callback=lambda loss: losses.append(loss) and False
    )
    assert 1 <= n_iter <= 300 and len(losses) == n_iter
    assert loss_fn().item() < 0.05 * start, name
    if isinstance(optimizer, FullBatchOptimizer) or name == "lbfgs":
        np.testing.assert_allclose(w.detach().numpy(), w_true.numpy(), atol=1e-3)


def test_callback_stops_the_run():
    for optimizer in (Adam(lr=0.1), BFGS(), NewtonCG()):
        w, loss_fn, _ = _least_squares()
        assert (
            optimizer.minimize([w], loss_fn, max_iter=50, callback=lambda _: True) == 1
        )


def test_newton_cg_hessian_vector_products_are_exact():
    w, loss_fn, w_true = _least_squares()
    x0, _, fun, hessp = flat_problem([w], loss_fn)
    rng = np.random.default_rng(0)
    p = rng.normal(size=3)
    # H p by finite differences of the exact gradient (the loss is quadratic)
    expected = (fun(x0 + 1e-3 * p)[1] - fun(x0)[1]) / 1e-3
    np.testing.assert_allclose(hessp(x0, p), expected, rtol=1e-6)
    losses = []
    NewtonCG(xtol=1e-12).minimize(
        [w], loss_fn, max_iter=10, callback=lambda loss: losses.append(loss) and False
    )
    assert losses[-1] < 1e-12 and len(losses) <= 10
    np.testing.assert_allclose(w.detach().numpy(), w_true.numpy(), atol=1e-6)


def test_resolve_learning_rate_applies_to_names_and_classes_only():
    assert resolve_optimizer("adam", learning_rate=0.01).lr == 0.01
    assert resolve_optimizer(SGD, learning_rate=0.2).lr == 0.2
    given = Adam(lr=0.5)
    resolved = resolve_optimizer(given, learning_rate=0.01)
    assert resolved.lr == 0.5 and resolved is not given
    assert resolve_optimizer("cg", learning_rate=0.01).get_params() == {"gtol": 1e-5}


def test_resolve_torch_class():
    opt = resolve_optimizer(torch.optim.NAdam, learning_rate=0.02)
    assert isinstance(opt, TorchOptim) and isinstance(opt, TorchOptimizer)
    assert opt.torch_class() is torch.optim.NAdam
    assert opt.torch_kwargs() == {"lr": 0.02}
    assert opt.minibatch
    assert not resolve_optimizer(torch.optim.LBFGS).minibatch


@pytest.mark.parametrize(
    "spec, error, match",
    [
        ("no-such", ValueError, "available: 'adagrad'"),
        (SGD(lr=-1.0), ValueError, "lr must be > 0"),
        (Adam(weight_decay=-1), ValueError, "weight_decay must be >= 0"),
        (SGD(momentum=1.5), ValueError, "momentum"),
        (ConjugateGradient(gtol=-1), ValueError, "gtol"),
        (TorchOptim(torch.optim.Adam, kwargs={"lr": -1}), ValueError, "lr"),
        (TorchOptim(object), TypeError, "torch.optim.Optimizer"),
        (3, TypeError, "optimizer must be"),
        (int, TypeError, "not a OptimizerPlugin subclass"),
    ],
)
def test_resolve_errors(spec, error, match):
    with pytest.raises(error, match=match):
        resolve_optimizer(spec)


def test_negative_learning_rate_by_name():
    with pytest.raises(ValueError, match="lr must be > 0"):
        resolve_optimizer("adam", learning_rate=-0.1)


def test_parameter_objects():
    opt = SGD(lr=0.1, momentum=0.5)
    assert opt.get_params()["momentum"] == 0.5
    assert clone(opt).get_params() == opt.get_params()
    opt.set_params(lr=0.3)
    assert opt.torch_kwargs()["lr"] == 0.3
    assert repr(opt) == "SGD(lr=0.3, momentum=0.5)"
    assert Adam().build([torch.zeros(2, requires_grad=True)]).defaults["lr"] == 0.001


def test_third_party_optimizer_plugs_in():
    class HalfStep(TorchOptimizer):
        def __init__(self, lr=0.5):
            self.lr = lr

        def torch_class(self):
            return torch.optim.SGD

    plugins.register("optimizers", "half-step", HalfStep)
    try:
        opt = resolve_optimizer("half-step", learning_rate=0.25)
        assert isinstance(opt, HalfStep) and opt.lr == 0.25
    finally:
        plugins.registry("optimizers").unregister("half-step")

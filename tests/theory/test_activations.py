"""Activations by their dual: closed forms vs Gauss-Hermite quadrature."""

import numpy as np
import pytest
from scipy.special import erf

from skmath import plugins
from skmath.theory import Activation, Erf, NNGPKernel, NTKKernel, ReLU


class GaussHermite(Activation):
    """A third-party activation: the dual by 2-D Gauss-Hermite quadrature.

    Only ``phi`` and ``phi'`` are given; ``dual_gradient`` is inherited
    (numerical), so this also exercises the base class's default.
    """

    def __init__(self, function="relu", n_nodes=80):
        self.function = function
        self.n_nodes = n_nodes

    def _phi(self, x):
        if self.function == "relu":
            return np.maximum(x, 0.0), (x > 0).astype(float)
        return erf(x), 2 / np.sqrt(np.pi) * np.exp(-(x**2))

    def dual(self, s11, s22, s12):
        s11, s22, s12 = np.broadcast_arrays(
            *(np.asarray(a, dtype=float) for a in (s11, s22, s12))
        )
        z, w = np.polynomial.hermite_e.hermegauss(self.n_nodes)
        w = w / w.sum()  # probabilists' Hermite: weights of N(0, 1)
        # u = a z1, v = c z1 + e z2 (Cholesky factor of the 2x2 covariance)
        a = np.sqrt(s11)
        c = np.divide(s12, a, out=np.zeros_like(a), where=a > 0)
        e = np.sqrt(np.maximum(s22 - c**2, 0.0))
        u = a[..., None, None] * z[:, None]
        v = c[..., None, None] * z[:, None] + e[..., None, None] * z[None, :]
        fu, du = self._phi(u)
        fv, dv = self._phi(v)
        ww = w[:, None] * w[None, :]
        return (fu * fv * ww).sum(axis=(-2, -1)), (du * dv * ww).sum(axis=(-2, -1))


class GaussHermiteErf(GaussHermite):
    def __init__(self, function="erf", n_nodes=100):
        super().__init__(function=function, n_nodes=n_nodes)


@pytest.mark.parametrize("name, closed", [("relu", ReLU()), ("erf", Erf())])
def test_closed_forms_match_quadrature(name, closed):
    rng = np.random.RandomState(0)
    s11, s22 = rng.uniform(0.2, 2.0, 20), rng.uniform(0.2, 2.0, 20)
    s12 = rng.uniform(-0.95, 0.95, 20) * np.sqrt(s11 * s22)
    E, Edot = closed.dual(s11, s22, s12)
    Eq, Edq = GaussHermite(name, n_nodes=120).dual(s11, s22, s12)
    np.testing.assert_allclose(E, Eq, atol=2e-3)
    # E[phi' phi'] of the ReLU is a step function: quadrature converges slowly
    np.testing.assert_allclose(Edot, Edq, atol=2e-2 if name == "relu" else 2e-3)


@pytest.mark.parametrize("closed", [ReLU(), Erf()])
def test_closed_form_gradient_matches_numerical_default(closed):
    rng = np.random.RandomState(1)
    s11, s22 = rng.uniform(0.2, 2.0, 10), rng.uniform(0.2, 2.0, 10)
    s12 = rng.uniform(-0.9, 0.9, 10) * np.sqrt(s11 * s22)
    _, _, dE, dEdot = closed.dual_gradient(s11, s22, s12)
    _, _, nE, nEdot = Activation.dual_gradient(closed, s11, s22, s12)
    for analytic, numeric in zip(dE + dEdot, nE + nEdot):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_third_party_activation_in_kernels():
    X = np.random.RandomState(2).randn(6, 3)
    plugins.register("activations", "gh_erf", GaussHermiteErf)
    try:
        assert "gh_erf" in plugins.available("activations")
        custom = NTKKernel(depth=2, activation="gh_erf", bias_std=0.3)(X)
    finally:
        plugins.registry("activations").unregister("gh_erf")
    reference = NTKKernel(depth=2, activation="erf", bias_std=0.3)(X)
    np.testing.assert_allclose(custom, reference, rtol=1e-5)
    # the inherited numerical gradient feeds the hyperparameter fit
    kernel = NNGPKernel(depth=2, activation=GaussHermite("erf", 40), bias_std=0.3)
    _, grad = kernel(X, eval_gradient=True)
    _, grad_ref = NNGPKernel(depth=2, activation="erf", bias_std=0.3)(
        X, eval_gradient=True
    )
    np.testing.assert_allclose(grad, grad_ref, rtol=1e-4, atol=1e-6)
    assert "GaussHermite" in repr(kernel)


def test_relu_edge_cases():
    # zero input (no bias): no NaN; collinear / anti-collinear inputs
    E, Edot, dE, dEdot = ReLU().dual_gradient(
        np.array([0.0, 1.0, 1.0]), np.array([1.0, 4.0, 1.0]), np.array([0.0, 2.0, -1.0])
    )
    for arr in (E, Edot, *dE, *dEdot):
        assert np.all(np.isfinite(arr))
    np.testing.assert_allclose(E, [0.0, 1.0, 0.0])
    np.testing.assert_allclose(Edot[1:], [0.5, 0.0])


def test_base_activation_must_define_dual():
    with pytest.raises(NotImplementedError, match="must define dual"):
        NNGPKernel(activation=Activation())(np.ones((2, 2)))

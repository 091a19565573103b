"""The kernels against finite but wide random torch networks.

NNGP: the covariance of the last hidden layer of wide random networks
(Monte Carlo, checked within its standard error).  NTK: the empirical
tangent kernel ``J J^T`` from torch autograd.  torch is imported here only.
"""

import numpy as np
import pytest

from skmath.theory import NNGPKernel, NTKKernel
from skmath.utils._torch import import_torch


@pytest.fixture(scope="module")
def torch():
    torch = import_torch()
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield torch
    torch.set_num_threads(previous)


def _network(torch, d, width, depth, activation, w, b, seed):
    """Parameters of an NTK-parameterised MLP (all entries N(0, 1))."""
    gen = torch.Generator().manual_seed(seed)
    sizes = [d] + [width] * depth + [1]
    weights = [
        torch.randn(o, i, generator=gen, dtype=torch.float64)
        for i, o in zip(sizes[:-1], sizes[1:])
    ]
    biases = [torch.randn(o, generator=gen, dtype=torch.float64) for o in sizes[1:]]
    phi = torch.relu if activation == "relu" else torch.erf

    def forward(x, params, n_layers=depth + 1):
        """Pre-activation after ``n_layers`` affine layers (all: the output)."""
        ws, bs = params[: len(weights)], params[len(weights) :]
        h = x
        for layer, (W, bias) in enumerate(zip(ws[:n_layers], bs[:n_layers])):
            if layer > 0:
                h = phi(h)
            h = w / np.sqrt(W.shape[1]) * h @ W.T + b * bias
        return h

    return forward, weights + biases


@pytest.mark.parametrize("activation", ["relu", "erf"])
def test_nngp_matches_wide_random_networks(torch, activation):
    rng = np.random.RandomState(0)
    X = rng.randn(5, 3)
    w, b, depth, width, n_nets = 1.5, 0.3, 2, 1024, 8
    x = torch.as_tensor(X)
    estimates = []
    for seed in range(n_nets):
        forward, params = _network(torch, 3, width, depth, activation, w, b, seed)
        # the output layer's covariance given the last hidden layer:
        # w^2 phi(h) phi(h')^T / width + b^2, averaged over random networks
        hidden = forward(x, params, n_layers=depth)
        phi = torch.relu(hidden) if activation == "relu" else torch.erf(hidden)
        estimates.append((w**2 * phi @ phi.T / width + b**2).numpy())
    estimates = np.array(estimates)
    mc = estimates.mean(axis=0)
    se = estimates.std(axis=0, ddof=1) / np.sqrt(n_nets)
    K = NNGPKernel(depth=depth, activation=activation, weight_std=w, bias_std=b)(X)
    # within 4 standard errors plus the O(1/width) finite-width bias
    assert np.all(np.abs(K - mc) <= 4 * se + 2 * np.abs(K).max() / width)
    assert np.abs(K - mc).max() < 0.03 * np.abs(K).max()


@pytest.mark.parametrize("activation", ["relu", "erf"])
def test_ntk_matches_empirical_tangent_kernel(torch, activation):
    rng = np.random.RandomState(1)
    X = rng.randn(4, 3)
    w, b, depth, width = 1.4, 0.2, 2, 1024
    x = torch.as_tensor(X)
    kernels, n_nets = [], 6
    for seed in range(n_nets):
        forward, params = _network(torch, 3, width, depth, activation, w, b, seed)
        params = [p.requires_grad_() for p in params]
        rows = []
        for i in range(len(X)):
            out = forward(x[i : i + 1], params).sum()
            grads = torch.autograd.grad(out, params)
            rows.append(torch.cat([g.reshape(-1) for g in grads]))
        J = torch.stack(rows)
        kernels.append((J @ J.T).detach().numpy())
    empirical = np.mean(kernels, axis=0)
    se = np.std(kernels, axis=0, ddof=1) / np.sqrt(n_nets)
    K = NTKKernel(depth=depth, activation=activation, weight_std=w, bias_std=b)(X)
    # within 4 standard errors plus the O(1/width) finite-width bias
    assert np.all(np.abs(K - empirical) <= 4 * se + 2 * np.abs(K).max() / width)
    assert np.linalg.norm(K - empirical) / np.linalg.norm(K) < 0.06

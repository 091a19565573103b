"""The MLPs' torch network: building it, reading its weights, running it.

A network is an ``nn.Sequential`` of ``Linear`` layers, each hidden one
followed by its activation; the estimators keep it as ``_module`` and export
its weights as scikit-learn's ``coefs_``/``intercepts_``.
"""

from __future__ import annotations

import numpy as np

from ..utils._torch import import_torch

__all__ = ["ACTIVATIONS", "build_network", "export_weights", "torch_device"]

ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


def _activation_module(nn, name):
    return {
        "identity": nn.Identity,
        "logistic": nn.Sigmoid,
        "tanh": nn.Tanh,
        # in place: the Linear output it overwrites is not needed by autograd,
        # and one (batch, width) buffer less per layer keeps steps in cache
        "relu": lambda: nn.ReLU(inplace=True),
    }[name]()


def build_network(layer_sizes, activation, rng, dtype, device):
    """``nn.Sequential`` of Linear layers with scikit-learn's Glorot init.

    The weights are drawn with NumPy from ``rng`` (as scikit-learn does), so a
    seed gives the same network whatever torch's global random state is.
    """
    torch = import_torch()
    nn = torch.nn
    layers = []
    n_layers = len(layer_sizes)
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        linear = nn.Linear(fan_in, fan_out, device=device, dtype=dtype)
        factor = 2.0 if activation == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        weight = rng.uniform(-bound, bound, (fan_in, fan_out)).T
        bias = rng.uniform(-bound, bound, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.as_tensor(weight))
            linear.bias.copy_(torch.as_tensor(bias))
        layers.append(linear)
        if i < n_layers - 2:
            layers.append(_activation_module(nn, activation))
    return nn.Sequential(*layers)


def export_weights(module, dtype=np.float64):
    """``(coefs, intercepts)`` as ``dtype`` copies, ``coefs[i]`` (fan_in, fan_out)."""
    linears = [m for m in module if hasattr(m, "weight")]
    coefs = [
        m.weight.detach().cpu().double().numpy().T.astype(dtype, order="C")
        for m in linears
    ]
    intercepts = [m.bias.detach().cpu().double().numpy().astype(dtype) for m in linears]
    return coefs, intercepts


def torch_device(torch, name):
    """``torch.device(name)``, with a ``ValueError`` for a bad or absent device."""
    try:
        device = torch.device(name)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(f"invalid device {name!r}: {exc}") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={name!r} but CUDA is not available")
    return device

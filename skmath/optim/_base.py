"""The optimizer protocol shared by minibatch (torch.optim) and full-batch methods.

An optimizer plugin is a parameter object (:class:`skmath.plugins.Plugin`)
with two capability flags and one method every optimizer implements:

- ``minibatch`` (class attribute): it can take one step per minibatch, so an
  estimator may train it epoch by epoch and offer ``partial_fit``;
- ``dtype``: the parameter precision it prefers (``"float32"`` for stochastic
  methods, ``"float64"`` for full-batch methods whose line searches need it);
- ``minimize(params, loss_fn, *, max_iter, callback=None) -> int``: run up to
  ``max_iter`` full-batch iterations on the torch tensors ``params``, where
  ``loss_fn()`` returns the scalar loss (with its autograd graph) at the
  current parameter values; ``callback(loss)`` is called after every
  iteration with the loss as a float and stops the run by returning True.
  Returns the number of iterations done; the parameters are left at the
  final iterate.

Minibatch optimizers (:class:`TorchOptimizer`) also build a
``torch.optim.Optimizer`` with ``build(params)`` and take one step with
``step(torch_optimizer, closure) -> float``, where ``closure()`` returns the
loss of one batch and leaves each parameter's gradient in its ``.grad``
(``torch.optim``'s closure contract; the MLPs compute it by hand-written
backpropagation, see :mod:`skmath.neural_network._backprop`).
"""

from __future__ import annotations

import numbers

from ..plugins import Plugin

__all__ = ["OptimizerPlugin"]


class OptimizerPlugin(Plugin):
    """Base class of every optimizer plugin (see the module docstring)."""

    #: can take one step per minibatch (enables ``partial_fit``)
    minibatch = False
    #: preferred floating-point precision of the parameters
    dtype = "float32"

    def validate(self):
        """Raise ``ValueError`` on invalid hyperparameters; return ``self``."""
        lr = getattr(self, "lr", None)
        _check_nonnegative(self, "lr", lr, strict=True)
        _check_nonnegative(self, "weight_decay", getattr(self, "weight_decay", None))
        return self

    def minimize(self, params, loss_fn, *, max_iter, callback=None):
        """Run up to ``max_iter`` full-batch iterations; return how many ran."""
        raise NotImplementedError


def _check_nonnegative(obj, name, value, *, strict=False):
    if value is None:
        return
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(
            f"{type(obj).__name__}: {name} must be a real number, got {value!r}"
        )
    if value < 0 or (strict and value == 0):
        bound = "> 0" if strict else ">= 0"
        raise ValueError(f"{type(obj).__name__}: {name} must be {bound}, got {value!r}")

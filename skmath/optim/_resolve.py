"""Turn what a user passed as ``optimizer=`` into a fresh plugin object."""

from __future__ import annotations

import sys

from .. import plugins
from ._base import OptimizerPlugin
from ._torch_optimizers import TorchOptim

__all__ = ["resolve_optimizer"]


def _is_torch_optimizer_class(spec):
    # torch is necessarily imported already if spec is one of its classes
    torch = sys.modules.get("torch")
    return (
        torch is not None
        and isinstance(spec, type)
        and issubclass(spec, torch.optim.Optimizer)
    )


def resolve_optimizer(
    spec, *, learning_rate=None, param="optimizer", minibatch_for=None
):
    """A fresh, validated optimizer plugin from a name, plugin or torch class.

    Parameters
    ----------
    spec : str, OptimizerPlugin, its subclass or a torch.optim.Optimizer subclass
        A registered name (``"adam"``), a plugin object (cloned, keeps its own
        ``lr``), a plugin class, or any ``torch.optim.Optimizer`` subclass
        (wrapped in :class:`~skmath.optim.TorchOptim`).
    learning_rate : float, optional
        The ``lr`` given to optimizers built from a name or a class.
    param : str, default="optimizer"
        The estimator parameter's name, for error messages.
    minibatch_for : str, optional
        What needs a minibatch optimizer (an estimator that trains on
        minibatches only, ``"partial_fit"``): a full-batch method then raises
        ``ValueError`` naming it.

    Returns
    -------
    OptimizerPlugin

    Examples
    --------
    >>> from skmath.optim import Adam, resolve_optimizer
    >>> resolve_optimizer("adam", learning_rate=0.01)
    Adam(lr=0.01)
    >>> resolve_optimizer(Adam(lr=0.1), learning_rate=0.01)
    Adam(lr=0.1)
    >>> resolve_optimizer("sgd", learning_rate=-1)
    Traceback (most recent call last):
    ...
    ValueError: SGD: lr must be > 0, got -1
    >>> resolve_optimizer("bfgs", minibatch_for="partial_fit")
    Traceback (most recent call last):
    ...
    ValueError: optimizer='bfgs' is a full-batch method; partial_fit trains ...
    """
    defaults = {} if learning_rate is None else {"lr": learning_rate}
    if _is_torch_optimizer_class(spec):
        optimizer = TorchOptim(optimizer_class=spec, kwargs=defaults)
    else:
        if not isinstance(spec, (str, type, OptimizerPlugin)):
            raise TypeError(
                f"{param} must be a name from {plugins.available('optimizers')}, "
                "an optimizer plugin or a torch.optim.Optimizer subclass, "
                f"got {type(spec).__name__}"
            )
        optimizer = plugins.resolve(
            "optimizers", spec, param=param, base=OptimizerPlugin, **defaults
        )
    optimizer.validate()
    if minibatch_for is not None and not optimizer.minibatch:
        raise ValueError(
            f"{param}={spec!r} is a full-batch method; {minibatch_for} trains on "
            "minibatches: use a torch.optim based optimizer such as 'adam', "
            "'adamw', 'sgd', 'momentum', 'rmsprop' or 'adagrad'"
        )
    return optimizer

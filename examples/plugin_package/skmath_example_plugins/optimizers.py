"""An optimizer plugin: Adam with Nesterov momentum, from ``torch.optim.NAdam``.

A minibatch optimizer derives from :class:`skmath.optim.TorchOptimizer`: its
``__init__`` stores the hyperparameters (they become grid-searchable as
``optimizer__lr``), :meth:`torch_class` names the ``torch.optim`` class, and
the base class builds it and takes the steps.  torch is imported only when
the optimizer is built.
"""

from skmath.optim import TorchOptimizer


class NAdam(TorchOptimizer):
    """Adam with Nesterov momentum (Dozat, 2016).

    Parameters
    ----------
    lr : float, default=2e-3
        Step size.
    betas : tuple of float, default=(0.9, 0.999)
        Decay rates of the first and second moment estimates.
    weight_decay : float, default=0.0
        L2 penalty.
    """

    def __init__(self, lr=2e-3, betas=(0.9, 0.999), weight_decay=0.0):
        self.lr = lr
        self.betas = betas
        self.weight_decay = weight_decay

    def torch_class(self):
        from skmath.utils._torch import import_torch

        return import_torch().optim.NAdam

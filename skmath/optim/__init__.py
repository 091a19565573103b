"""Optimizer plugins: first-order (torch.optim) and full-batch second-order methods.

Every optimizer is a parameter object (``get_params``/``set_params``) usable
by name or as an object wherever an ``optimizer`` parameter is accepted, e.g.
:class:`skmath.neural_network.MLPClassifier`.  Importing this module does not
import torch.

========== =============================== ==========
name       class                           minibatch
========== =============================== ==========
sgd        :class:`SGD`                    yes
momentum   :class:`Momentum`               yes
adam       :class:`Adam`                   yes
adamw      :class:`AdamW`                  yes
rmsprop    :class:`RMSprop`                yes
adagrad    :class:`Adagrad`                yes
lbfgs      :class:`LBFGS`                  no
cg         :class:`ConjugateGradient`      no
newton-cg  :class:`NewtonCG`               no
bfgs       :class:`BFGS`                   no
========== =============================== ==========

Any ``torch.optim.Optimizer`` subclass is accepted too (wrapped in
:class:`TorchOptim`), and third-party optimizers register through the
``skmath.optimizers`` entry-point group.
"""

from ._base import OptimizerPlugin
from ._full_batch import BFGS, ConjugateGradient, FullBatchOptimizer, NewtonCG
from ._resolve import resolve_optimizer
from ._torch_optimizers import (
    LBFGS,
    SGD,
    Adagrad,
    Adam,
    AdamW,
    Momentum,
    RMSprop,
    TorchOptim,
    TorchOptimizer,
)

__all__ = [
    "OptimizerPlugin",
    "TorchOptimizer",
    "TorchOptim",
    "FullBatchOptimizer",
    "resolve_optimizer",
    "SGD",
    "Momentum",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
    "LBFGS",
    "ConjugateGradient",
    "NewtonCG",
    "BFGS",
]

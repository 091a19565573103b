"""An activation plugin for the infinite-width kernels: the leaky ReLU.

An infinitely wide layer sees its activation :math:`\\phi` only through two
Gaussian expectations over :math:`(u, v)` with variances ``s11``, ``s22`` and
covariance ``s12``, its *dual*: :math:`E = \\mathbb{E}[\\phi(u)\\phi(v)]` and
:math:`\\dot E = \\mathbb{E}[\\phi'(u)\\phi'(v)]`.  An activation derives from
:class:`skmath.theory.Activation` and returns both from ``dual``; the base
class differentiates them numerically for the kernels' gradients.

For :math:`\\phi(x) = \\max(x, a x)`, with :math:`\\theta = \\arccos(s_{12} /
\\sqrt{s_{11} s_{22}})`:

.. math::

    E = \\frac{\\sqrt{s_{11} s_{22}}}{2\\pi}\\left[(1 + a^2)(\\sin\\theta
        + (\\pi - \\theta)\\cos\\theta) - 2a(\\sin\\theta - \\theta\\cos\\theta)
        \\right], \\qquad
    \\dot E = \\frac{(1 + a^2)(\\pi - \\theta) + 2a\\theta}{2\\pi}.

``a = 0`` gives the ReLU (arc-cosine) kernel, ``a = 1`` the linear one.
"""

import numpy as np

from skmath.theory import Activation


class LeakyReLU(Activation):
    """:math:`\\phi(x) = \\max(x, a x)` with ``a = negative_slope``.

    Parameters
    ----------
    negative_slope : float, default=0.1
        Slope ``a`` for negative inputs, in ``[0, 1]``.
    """

    name = "leaky_relu"

    def __init__(self, negative_slope=0.1):
        self.negative_slope = negative_slope

    def dual(self, s11, s22, s12):
        a = float(self.negative_slope)
        norm = np.sqrt(np.asarray(s11, dtype=float) * np.asarray(s22, dtype=float))
        safe = np.where(norm > 0, norm, 1.0)
        theta = np.arccos(np.clip(np.asarray(s12, dtype=float) / safe, -1.0, 1.0))
        sin, cos = np.sin(theta), np.cos(theta)
        E = (
            norm
            / (2 * np.pi)
            * ((1 + a**2) * (sin + (np.pi - theta) * cos) - 2 * a * (sin - theta * cos))
        )
        Edot = ((1 + a**2) * (np.pi - theta) + 2 * a * theta) / (2 * np.pi)
        return E, Edot

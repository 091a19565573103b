"""Activations of infinite-width networks, defined by their dual.

An infinitely wide layer only sees its activation ``phi`` through two
Gaussian expectations over ``(u, v) ~ N(0, [[s11, s12], [s12, s22]])``:

- ``E = E[phi(u) phi(v)]`` (the NNGP recursion),
- ``Edot = E[phi'(u) phi'(v)]`` (the extra NTK term).

An :class:`Activation` is a plugin (kind ``"activations"``) that returns both
from ``dual(s11, s22, s12)``.  ``dual_gradient`` adds their partial
derivatives, which the kernels chain into the gradient with respect to
``weight_std`` and ``bias_std``; the base class derives them numerically
(with ``dE/ds12 = Edot`` exact by Price's theorem), the built-ins use closed
forms.
"""

from __future__ import annotations

import numpy as np

from ..plugins import Plugin

__all__ = ["Activation", "ReLU", "Erf"]


class Activation(Plugin):
    """Base class of kernel activations: subclass it and define ``dual``.

    Register a subclass with ``skmath.plugins.register("activations", name,
    cls)`` (or an entry point in group ``skmath.activations``) to select it
    by name in :class:`~skmath.theory.NNGPKernel` and
    :class:`~skmath.theory.NTKKernel`, or pass an instance directly.

    Examples
    --------
    A custom activation, here ``phi(x) = x`` (the linear network), whose dual
    is ``E = s12`` and ``Edot = 1``:

    >>> import numpy as np
    >>> from skmath.theory import Activation, NNGPKernel
    >>> class Identity(Activation):
    ...     def dual(self, s11, s22, s12):
    ...         return np.asarray(s12, dtype=float), np.ones(np.shape(s12))
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> NNGPKernel(depth=2, activation=Identity())(X)
    array([[0.5, 0. ],
           [0. , 2. ]])
    """

    #: short name shown in the kernel ``repr``
    name = None

    def dual(self, s11, s22, s12):
        """``(E, Edot)`` for arrays of variances ``s11``, ``s22``, covariance ``s12``.

        The arrays broadcast against each other; both outputs have the
        broadcast shape.
        """
        raise NotImplementedError(f"{type(self).__name__} must define dual()")

    def dual_diag(self, s):
        """``(E, Edot)`` at ``s11 = s22 = s12 = s`` (the kernel diagonal)."""
        return self.dual(s, s, s)

    def dual_gradient(self, s11, s22, s12):
        """``(E, Edot, dE, dEdot)``; ``dE``/``dEdot`` are ``(d/ds11, d/ds22, d/ds12)``.

        The default differentiates ``dual`` numerically without leaving the
        set of valid covariances (``s12^2 <= s11 s22``, where the kernel's
        diagonal lives): central differences along ``u -> u sqrt(1 + h)``
        (which keeps the correlation), ``dE/ds12 = Edot`` exactly by Price's
        theorem, and a difference in ``s12`` that turns one-sided at the
        boundary.  Subclasses with closed forms override it.
        """
        s11, s22, s12 = (
            np.array(a, dtype=float)
            for a in np.broadcast_arrays(*(np.asarray(a) for a in (s11, s22, s12)))
        )
        E, Edot = (np.broadcast_to(a, s12.shape) for a in self.dual(s11, s22, s12))
        h = 1e-5
        bound = np.sqrt(s11 * s22)
        # d/ds12 of Edot: central inside, one-sided towards the interior at
        # the boundary |s12| = sqrt(s11 s22)
        step = h * np.maximum(bound, 1e-12)
        up = np.minimum(s12 + step, bound)
        down = np.maximum(s12 - step, -bound)
        dEdot12 = (self.dual(s11, s22, up)[1] - self.dual(s11, s22, down)[1]) / (
            np.where(up > down, up - down, 1.0)
        )
        dE, dEdot = [], []
        for i in range(2):
            scaled = []
            for sign in (1.0, -1.0):
                args = [s11.copy(), s22.copy(), s12 * np.sqrt(1 + sign * h)]
                args[i] = args[i] * (1 + sign * h)
                scaled.append(self.dual(*args))
            s_ii = (s11, s22)[i]
            # (f(+) - f(-)) / 2h = s_ii df/ds_ii + s12/2 df/ds12
            along_E = (scaled[0][0] - scaled[1][0]) / (2 * h)
            along_Edot = (scaled[0][1] - scaled[1][1]) / (2 * h)
            dE.append(_safe_divide(along_E - 0.5 * s12 * Edot, s_ii))
            dEdot.append(_safe_divide(along_Edot - 0.5 * s12 * dEdot12, s_ii))
        dE.append(np.array(Edot))
        dEdot.append(dEdot12)
        return np.array(E), np.array(Edot), tuple(dE), tuple(dEdot)

    def __eq__(self, other):
        return type(self) is type(other) and self.get_params() == other.get_params()

    def __hash__(self):
        return hash((type(self), tuple(sorted(self.get_params().items()))))

    def _label(self):
        return self.name or repr(self)


def _safe_divide(num, den):
    out = np.zeros(np.broadcast_shapes(np.shape(num), np.shape(den)))
    return np.divide(num, den, out=out, where=den != 0)


class ReLU(Activation):
    """``phi(x) = max(x, 0)``: the arc-cosine kernel of degree 1.

    With ``R = sqrt(s11 s22 - s12^2)`` and ``t = atan2(R, s12)`` (the angle
    between the two inputs; ``atan2`` keeps precision where ``arccos`` of a
    correlation near 1 would not):
    ``E = (R + (pi - t) s12) / (2 pi)`` and ``Edot = (pi - t) / (2 pi)``.

    Examples
    --------
    >>> from skmath.theory import ReLU
    >>> E, Edot = ReLU().dual(1.0, 1.0, 0.0)
    >>> float(E), float(Edot)
    (0.159..., 0.25)
    """

    name = "relu"

    @staticmethod
    def _terms(s11, s22, s12):
        s11, s22, s12 = (np.asarray(a, dtype=float) for a in (s11, s22, s12))
        R = np.sqrt(np.maximum(s11 * s22 - s12 * s12, 0.0))
        angle = np.arctan2(R, s12)
        return s11, s22, s12, R, angle

    def dual(self, s11, s22, s12):
        # written in place: this is the inner loop of every kernel matrix
        s11, s22, s12 = (np.asarray(a, dtype=float) for a in (s11, s22, s12))
        shape = np.broadcast_shapes(s11.shape, s22.shape, s12.shape)
        R = np.empty(shape)
        rest = np.empty(shape)
        np.multiply(s11, s22, out=R)
        np.multiply(s12, s12, out=rest)
        R -= rest
        np.maximum(R, 0.0, out=R)
        np.sqrt(R, out=R)
        np.arctan2(R, s12, out=rest)
        np.subtract(np.pi, rest, out=rest)  # pi - angle
        R += rest * s12
        R *= 1 / (2 * np.pi)
        rest *= 1 / (2 * np.pi)
        return R, rest

    def dual_diag(self, s):
        s = np.asarray(s, dtype=float)
        return s / 2, np.full(s.shape, 0.5)

    def dual_gradient(self, s11, s22, s12):
        s11, s22, s12, R, angle = self._terms(s11, s22, s12)
        rest = np.pi - angle
        E = (R + rest * s12) / (2 * np.pi)
        Edot = rest / (2 * np.pi)
        # dE/ds11 = R / (4 pi s11); dE/ds12 = Edot (Price)
        dE = (
            _safe_divide(R, 4 * np.pi * s11),
            _safe_divide(R, 4 * np.pi * s22),
            Edot,
        )
        # d angle/ds11 = s12 / (2 R s11), d angle/ds12 = -1/R; at R = 0 the
        # inputs are collinear and stay so under the hyperparameters, so the
        # derivative along every reachable direction is 0.
        dEdot = (
            -_safe_divide(s12, 4 * np.pi * R * s11),
            -_safe_divide(s12, 4 * np.pi * R * s22),
            _safe_divide(np.ones_like(R), 2 * np.pi * R),
        )
        return E, Edot, dE, dEdot


class Erf(Activation):
    """``phi(x) = erf(x)``: Williams' (1997) arcsine kernel.

    With ``A = (1 + 2 s11)(1 + 2 s22)``:
    ``E = (2/pi) arcsin(2 s12 / sqrt(A))`` and
    ``Edot = (4/pi) / sqrt(A - 4 s12^2)``.

    Examples
    --------
    >>> from skmath.theory import Erf
    >>> E, Edot = Erf().dual(1.0, 1.0, 0.0)
    >>> float(E), round(float(Edot), 6)
    (0.0, 0.424413)
    """

    name = "erf"

    def dual(self, s11, s22, s12):
        s11, s22, s12 = (np.asarray(a, dtype=float) for a in (s11, s22, s12))
        A = (1 + 2 * s11) * (1 + 2 * s22)
        E = (2 / np.pi) * np.arcsin(np.clip(2 * s12 / np.sqrt(A), -1.0, 1.0))
        Edot = (4 / np.pi) / np.sqrt(A - 4 * s12 * s12)
        return E, Edot

    def dual_gradient(self, s11, s22, s12):
        s11, s22, s12 = (np.asarray(a, dtype=float) for a in (s11, s22, s12))
        a1, a2 = 1 + 2 * s11, 1 + 2 * s22
        gap = a1 * a2 - 4 * s12 * s12  # >= 1 because s12^2 <= s11 s22
        E = (2 / np.pi) * np.arcsin(np.clip(2 * s12 / np.sqrt(a1 * a2), -1.0, 1.0))
        Edot = (4 / np.pi) / np.sqrt(gap)
        dE = (-Edot * s12 / a1, -Edot * s12 / a2, Edot)
        dEdot = (-Edot * a2 / gap, -Edot * a1 / gap, Edot * 4 * s12 / gap)
        return E, Edot, dE, dEdot

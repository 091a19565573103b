"""One ``__init__`` for families of estimators or plugins that share parameters.

scikit-learn reads an estimator's parameters from the signature of its
``__init__``, so classes that share a dozen parameters would each spell out
the same signature and the same assignments.  :func:`store_params` writes that
``__init__`` once from ``name=default`` pairs: it takes keyword arguments
only, stores each as an attribute of the same name and does nothing else,
and its ``__signature__`` is the explicit one scikit-learn (``get_params``,
``clone``, ``repr``) and :func:`help` read.
"""

from __future__ import annotations

import inspect

__all__ = ["store_params"]


def store_params(*bases, **defaults):
    """An ``__init__`` storing keyword-only parameters ``name=default``.

    Parameters
    ----------
    *bases : callables
        ``__init__`` methods built by this function whose parameters come
        first (in their order); ``defaults`` may change their defaults.
    **defaults
        Parameter names and their default values.

    Returns
    -------
    function
        The ``__init__`` to assign in a class body.

    Examples
    --------
    >>> class Base:
    ...     __init__ = store_params(draws=1000, tune=1000)
    >>> class Child(Base):
    ...     __init__ = store_params(Base.__init__, tune=500, noise=None)
    >>> vars(Child(draws=10))
    {'draws': 10, 'tune': 500, 'noise': None}
    """
    merged = {}
    for base in bases:
        merged.update(base.__param_defaults__)
    merged.update(defaults)
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=value)
        for name, value in merged.items()
    ]
    signature = inspect.Signature(parameters)

    def __init__(self, **params):
        unknown = sorted(set(params) - set(merged))
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.__init__() got unexpected keyword "
                f"argument(s) {', '.join(map(repr, unknown))}"
            )
        for name, default in merged.items():
            setattr(self, name, params.get(name, default))

    __init__.__signature__ = signature
    __init__.__param_defaults__ = dict(merged)
    return __init__

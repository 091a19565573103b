"""Public plugin API: six registries, one mechanism.

Every choice a user makes by name in skmath (a solver, an optimizer, a CNN
architecture, an inference method, a kernel activation) is a plugin looked up
here.  Built-ins are registered below as lazy ``"module:attr"`` strings, so
``import skmath`` imports neither torch nor PyMC.  Third-party packages add
plugins through the entry-point groups ``skmath.<kind>`` without touching
skmath::

    # setup.cfg of a third-party package
    [options.entry_points]
    skmath.solvers =
        my_solver = my_package.solvers:MySolver

Examples
--------
>>> from skmath import plugins
>>> plugins.available("solvers")[:3]
['cg', 'cholesky', 'lsmr']
>>> plugins.get("solvers", "no-such-solver")
Traceback (most recent call last):
...
ValueError: unknown solvers plugin 'no-such-solver'; available: 'cg', ...
"""

from __future__ import annotations

import inspect

from ._registry import PluginWarning, Registry

__all__ = [
    "KINDS",
    "Plugin",
    "PluginWarning",
    "Registry",
    "available",
    "get",
    "register",
    "registry",
    "resolve",
    "sources",
]

KINDS = (
    "solvers", "optimizers", "architectures", "inference", "activations", "priors",
)

_REGISTRIES = {kind: Registry(kind, f"skmath.{kind}") for kind in KINDS}

_BUILTINS = {
    "solvers": {
        "cholesky": "skmath.linear_model._solvers:CholeskySolver",
        "qr": "skmath.linear_model._solvers:QRSolver",
        "svd": "skmath.linear_model._solvers:SVDSolver",
        "lstsq": "skmath.linear_model._solvers:LstsqSolver",
        "cg": "skmath.linear_model._solvers:CGSolver",
        "lsqr": "skmath.linear_model._solvers:LSQRSolver",
        "lsmr": "skmath.linear_model._solvers:LSMRSolver",
        "nnls": "skmath.linear_model._solvers:NonNegativeSolver",
    },
    "optimizers": {
        "sgd": "skmath.optim._torch_optimizers:SGD",
        "momentum": "skmath.optim._torch_optimizers:Momentum",
        "adam": "skmath.optim._torch_optimizers:Adam",
        "adamw": "skmath.optim._torch_optimizers:AdamW",
        "rmsprop": "skmath.optim._torch_optimizers:RMSprop",
        "adagrad": "skmath.optim._torch_optimizers:Adagrad",
        "lbfgs": "skmath.optim._torch_optimizers:LBFGS",
        "cg": "skmath.optim._full_batch:ConjugateGradient",
        "newton-cg": "skmath.optim._full_batch:NewtonCG",
        "bfgs": "skmath.optim._full_batch:BFGS",
    },
    "architectures": {
        "lenet5": "skmath.cnn._architectures:LeNet5",
        "vgg_small": "skmath.cnn._architectures:VGGSmall",
        "resnet_small": "skmath.cnn._architectures:ResNetSmall",
    },
    "inference": {
        "advi": "skmath.bayes._variational:ADVI",
        "fullrank_advi": "skmath.bayes._variational:FullRankADVI",
        "nuts": "skmath.bayes._samplers:NUTS",
        "map": "skmath.bayes._laplace:MAP",
        "nutpie": "skmath.bayes._samplers:Nutpie",
    },
    "activations": {
        "relu": "skmath.theory._activations:ReLU",
        "erf": "skmath.theory._activations:Erf",
    },
    "priors": {
        "normal": "skmath.bayes._priors:NormalPrior",
        "student_t": "skmath.bayes._priors:StudentTPrior",
        "laplace": "skmath.bayes._priors:LaplacePrior",
        "horseshoe": "skmath.bayes._priors:HorseshoePrior",
    },
}

for _kind, _names in _BUILTINS.items():
    for _name, _reference in _names.items():
        _REGISTRIES[_kind].register(
            _name, _reference, source=f"skmath ({_reference})", builtin=True
        )


def registry(kind):
    """Return the :class:`Registry` of ``kind``."""
    try:
        return _REGISTRIES[kind]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown plugin kind {kind!r}; kinds: {', '.join(KINDS)}"
        ) from None


def available(kind):
    """Sorted names of the plugins of ``kind`` (built-in and third-party)."""
    return registry(kind).available()


def sources(kind):
    """Mapping name -> where each plugin of ``kind`` comes from."""
    return registry(kind).sources()


def get(kind, name):
    """The plugin of ``kind`` registered as ``name``; unknown names list the rest."""
    return registry(kind).get(name)


def register(kind, name, obj=None):
    """Register a plugin in code; without ``obj`` this returns a decorator.

    >>> from skmath import plugins
    >>> @plugins.register("activations", "my_relu")
    ... class MyReLU(plugins.Plugin):
    ...     pass
    >>> "my_relu" in plugins.available("activations")
    True
    >>> plugins.registry("activations").unregister("my_relu")
    """
    return registry(kind).register(name, obj)


class Plugin:
    """Base class of plugin objects: parameter objects like sklearn kernels.

    ``__init__`` stores its keyword arguments as attributes of the same name
    and does nothing else; ``get_params``/``set_params`` then work, so
    :func:`sklearn.base.clone` copies a plugin and ``GridSearchCV`` reaches
    ``solver__tol`` or ``optimizer__lr``.  Capability flags are plain class
    attributes that estimators read (e.g. ``supports_sparse``).
    """

    @classmethod
    def _get_param_names(cls):
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        names = []
        for p in params:
            if p.name == "self" or p.kind == p.VAR_KEYWORD:
                continue
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    f"{cls.__name__}.__init__ must not take *args: plugin "
                    "parameters are keyword arguments"
                )
            names.append(p.name)
        return sorted(names)

    def get_params(self, deep=True):
        """Parameters of this plugin (nested ones as ``name__param`` if deep)."""
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update(
                    (f"{name}__{key}", val)
                    for key, val in value.get_params(deep=True).items()
                )
            out[name] = value
        return out

    def set_params(self, **params):
        """Set parameters; ``name__param`` reaches a nested parameter object."""
        valid = self._get_param_names()
        nested = {}
        for key, value in params.items():
            name, delim, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"invalid parameter {name!r} for {type(self).__name__}; "
                    f"valid parameters: {', '.join(valid) or 'none'}"
                )
            if delim:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self):
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
        }
        shown = []
        for name in self._get_param_names():
            value = getattr(self, name)
            default = defaults.get(name, inspect.Parameter.empty)
            try:
                same = value is default or bool(value == default)
            except Exception:
                same = False
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def resolve(kind, spec, *, param="parameter", base=None, **defaults):
    """Turn a name, a plugin class or a plugin object into a fresh plugin object.

    The estimator stores the result as a fitted attribute (``solver_``,
    ``optimizer_``, ``inference_``); the constructor parameter is never
    modified: an object is cloned, a name or class is instantiated.

    Parameters
    ----------
    kind : str
        Plugin kind to look names up in.
    spec : str, type or object
        What the user passed.
    param : str
        The estimator parameter's name, for error messages.
    base : type or tuple of types, optional
        Classes a plugin object or class must derive from.
    **defaults
        Keyword arguments used when a plugin is built from a name or class
        (e.g. ``lr`` from ``learning_rate_init``); those the plugin's
        ``__init__`` does not take are ignored.
    """
    from sklearn.base import clone

    if isinstance(spec, str):
        target = get(kind, spec)
    else:
        target = spec
    if isinstance(target, type):
        if base is not None and not issubclass(target, base):
            raise TypeError(
                f"{param}={spec!r} is a class but not a {_names(base)} subclass"
            )
        accepted = set(_init_param_names(target))
        return target(**{k: v for k, v in defaults.items() if k in accepted})
    if base is not None and not isinstance(target, base):
        raise TypeError(
            f"{param} must be a name from {available(kind)} or a {_names(base)} "
            f"instance, got {type(target).__name__}"
        )
    if hasattr(target, "get_params"):
        return clone(target, safe=False)
    return target


def _init_param_names(cls):
    if hasattr(cls, "_get_param_names"):
        return cls._get_param_names()
    try:
        return list(inspect.signature(cls).parameters)
    except (TypeError, ValueError):
        return []


def _names(base):
    bases = base if isinstance(base, tuple) else (base,)
    return " or ".join(b.__name__ for b in bases)

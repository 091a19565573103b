"""The plugin registry: one small class, one instance per plugin kind.

A registry maps names to plugin objects.  Built-ins are registered as lazy
``"module:attr"`` strings so that listing them imports nothing heavy; third
party packages register through an entry-point group which is read lazily,
once, the first time the registry is queried.
"""

from __future__ import annotations

import importlib
import warnings
from importlib.metadata import entry_points

__all__ = ["Registry", "PluginWarning"]


class PluginWarning(UserWarning):
    """A third-party plugin could not be loaded and was skipped."""


def _load_reference(reference):
    module_name, _, attr = reference.partition(":")
    obj = importlib.import_module(module_name)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


class Registry:
    """Names to plugin objects for one plugin kind.

    Parameters
    ----------
    kind : str
        The plugin kind, e.g. ``"solvers"``.
    group : str
        The entry-point group third-party packages register under,
        e.g. ``"skmath.solvers"``.
    """

    def __init__(self, kind, group):
        self.kind = kind
        self.group = group
        # name -> [object or "module:attr" string, source description, builtin]
        self._entries = {}
        self._entry_points_read = False

    def __repr__(self):
        return f"Registry(kind={self.kind!r}, group={self.group!r})"

    def __contains__(self, name):
        self._read_entry_points()
        return name in self._entries

    def register(self, name, obj=None, *, source=None, builtin=False):
        """Register ``obj`` under ``name``; without ``obj``, return a decorator.

        ``obj`` may be the plugin itself or a lazy ``"module:attr"`` string.
        A later registration of the same name replaces the earlier one.
        """
        if not isinstance(name, str) or not name:
            raise TypeError(f"plugin name must be a non-empty str, got {name!r}")
        if obj is None:

            def decorator(target):
                self.register(name, target, source=source, builtin=builtin)
                return target

            return decorator
        if source is None:
            source = obj if isinstance(obj, str) else _describe(obj)
        self._entries[name] = [obj, source, builtin]
        return obj

    def unregister(self, name):
        """Remove ``name``; a missing name raises ``ValueError``."""
        self._read_entry_points()
        if name not in self._entries:
            raise ValueError(self._unknown_message(name))
        del self._entries[name]

    def available(self):
        """Sorted list of registered names; loads nothing."""
        self._read_entry_points()
        return sorted(self._entries)

    def sources(self):
        """Mapping name -> where the plugin comes from (module or distribution)."""
        self._read_entry_points()
        return {name: self._entries[name][1] for name in sorted(self._entries)}

    def get(self, name):
        """Return the plugin registered as ``name``, importing it on first use."""
        if not isinstance(name, str):
            raise TypeError(
                f"{self.kind} plugin name must be a str, got {type(name).__name__}"
            )
        self._read_entry_points()
        if name not in self._entries:
            raise ValueError(self._unknown_message(name))
        entry = self._entries[name]
        obj = entry[0]
        if isinstance(obj, str):
            try:
                obj = _load_reference(obj)
            except Exception as exc:
                if entry[2]:
                    raise ImportError(
                        f"the built-in {self.kind} plugin {name!r} could not be "
                        f"imported from {obj!r}: {exc}"
                    ) from exc
                del self._entries[name]
                warnings.warn(
                    f"skipping {self.kind} plugin {name!r} from {entry[1]}: "
                    f"importing {obj!r} failed with {type(exc).__name__}: {exc}",
                    PluginWarning,
                    stacklevel=2,
                )
                raise ValueError(self._unknown_message(name)) from exc
            entry[0] = obj
        return obj

    def refresh(self):
        """Forget what was read from entry points so it is read again."""
        self._entries = {
            name: entry
            for name, entry in self._entries.items()
            if not entry[1].startswith("entry point ")
        }
        self._entry_points_read = False

    def _read_entry_points(self):
        if self._entry_points_read:
            return
        self._entry_points_read = True
        try:
            found = entry_points(group=self.group)
        except Exception as exc:  # a broken distribution must not break skmath
            warnings.warn(
                f"could not read entry points of group {self.group!r}: {exc}",
                PluginWarning,
                stacklevel=3,
            )
            return
        for ep in found:
            dist = getattr(ep, "dist", None)
            dist_name = f"{dist.name} {dist.version}" if dist is not None else "?"
            # Built-ins win: a third party cannot silently replace them.
            if ep.name in self._entries and self._entries[ep.name][2]:
                warnings.warn(
                    f"entry point {ep.name!r} of {dist_name} ignored: the name "
                    f"is taken by a built-in {self.kind} plugin",
                    PluginWarning,
                    stacklevel=3,
                )
                continue
            self._entries[ep.name] = [
                ep.value,
                f"entry point {dist_name} ({ep.value})",
                False,
            ]

    def _unknown_message(self, name):
        names = ", ".join(repr(n) for n in sorted(self._entries)) or "none"
        return f"unknown {self.kind} plugin {name!r}; available: {names}"


def _describe(obj):
    module = getattr(obj, "__module__", None) or type(obj).__module__
    qualname = getattr(obj, "__qualname__", None) or type(obj).__qualname__
    return f"{module}:{qualname}"

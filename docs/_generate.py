"""Pages generated at build time, so nobody writes API or table pages by hand.

``conf.py`` calls :func:`generate_all` before Sphinx reads the sources.  Every
file goes to ``docs/_generated/`` (not versioned) and is pulled into a
hand-written page with ``.. include::``:

- ``api.rst``: one autosummary section per subpackage from its ``__all__``;
- ``user_guide_toctree.rst``: the concept pages that exist, in teaching order;
- ``bad_input_table.rst``: the bad-input catalogue of ``tests/``;
- ``benchmarks_table.rst``: ``benchmarks/results/latest.json`` as a table, and
  ``benchmarks_<group>.rst`` one group of it for its user-guide page;
- ``changelog.rst``: ``CHANGELOG.md`` turned into reStructuredText.

A subpackage, page or results file that is not there yet is skipped with a
note, never an error: the concept branches land one by one.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
OUT = DOCS / "_generated"

# Concept pages of the user guide, in teaching order (file stem, concept).
USER_GUIDE = (
    ("linear", "Linear algebra"),
    ("optimization", "Optimization"),
    ("cnn", "CNN architectures"),
    ("bayes", "Approximate inference"),
    ("theory", "Deep learning theory"),
)

# Gallery sections: examples/<folder>, in teaching order.
GALLERY = ("linear_model", "neural_network", "cnn", "bayes", "theory")

# Subpackages shown in the API reference, with a one-line title.
API_SECTIONS = (
    ("linear_model", "Linear algebra"),
    ("optim", "Optimizers"),
    ("neural_network", "Neural networks"),
    ("cnn", "Convolutional networks"),
    ("bayes", "Approximate inference"),
    ("theory", "Deep learning theory"),
    ("plugins", "Plugins"),
    ("utils", "Utilities"),
)


def _write(name, text):
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    # Rewriting an unchanged file would make Sphinx re-read every includer.
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def _heading(text, char):
    return f"{text}\n{char * len(text)}\n"


# -- API reference -----------------------------------------------------------


def _import_subpackage(name):
    try:
        return importlib.import_module(f"skmath.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"skmath.{name}":
            raise
        return None


def api_entries():
    """``[(subpackage, title, classes, functions)]`` from each ``__all__``.

    An object re-exported by several subpackages is listed once, under the
    first; constants (non-callables) are left out.
    """
    seen = set()
    sections = []
    for name, title in API_SECTIONS:
        module = _import_subpackage(name)
        if module is None:
            continue
        classes, functions = [], []
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr, None)
            if obj is None or id(obj) in seen or attr.startswith("_"):
                continue
            if inspect.isclass(obj):
                classes.append(attr)
            elif inspect.isfunction(obj):
                functions.append(attr)
            else:
                continue
            seen.add(id(obj))
        if classes or functions:
            sections.append((name, title, sorted(classes), sorted(functions)))
    return sections


STUBS = DOCS / "gen_modules"

_CLASS_STUB = """{title}
.. currentmodule:: {module}

.. autoclass:: {name}
   :members:

.. minigallery:: {module}.{name}
   :add-heading: Examples using ``{name}``
"""

_FUNCTION_STUB = """{title}
.. currentmodule:: {module}

.. autofunction:: {name}
"""


def _write_stub(module, name, template):
    # The autosummary tables of api.rst link to these pages.  They are written
    # here, not by autosummary: api.rst pulls its tables in with
    # ``.. include::``, which autosummary's stub generator does not follow.
    STUBS.mkdir(exist_ok=True)
    text = template.format(title=_heading(name, "="), module=module, name=name)
    path = STUBS / f"{module}.{name}.rst"
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def api_rst():
    parts = []
    for name, title, classes, functions in api_entries():
        module = f"skmath.{name}"
        parts.append(_heading(f":mod:`{module}`: {title}", "-"))
        parts.append(f".. automodule:: {module}\n   :no-members:\n")
        parts.append(f".. currentmodule:: {module}\n")
        for names, template in ((classes, _CLASS_STUB), (functions, _FUNCTION_STUB)):
            if not names:
                continue
            for obj in names:
                _write_stub(module, obj, template)
            # The toctree path is relative to api.rst, which includes this.
            parts.append(
                ".. autosummary::\n   :toctree: gen_modules/\n\n"
                + "".join(f"   {n}\n" for n in names)
            )
    if not parts:
        parts.append("No public subpackage is available yet.\n")
    return "\n".join(parts)


# -- user guide and gallery --------------------------------------------------


def user_guide_rst():
    guide = DOCS / "user_guide"
    known = [stem for stem, _ in USER_GUIDE if (guide / f"{stem}.rst").exists()]
    extra = sorted(
        p.stem for p in guide.glob("*.rst") if p.stem != "index" and p.stem not in known
    )
    missing = [title for stem, title in USER_GUIDE if stem not in known]
    text = ".. toctree::\n   :maxdepth: 2\n\n"
    text += "".join(f"   {stem}\n" for stem in known + extra)
    if not known + extra:
        text = ""
    if missing:
        text += "\n.. note::\n\n   Pages still being written: " + ", ".join(missing)
        text += ".\n"
    return text


def gallery_sections():
    """Example folders that exist and have a gallery header, in teaching order."""
    examples = ROOT / "examples"
    if not examples.is_dir():
        return []
    headers = ("README.txt", "README.rst", "GALLERY_HEADER.rst")
    present = [
        p.name
        for p in examples.iterdir()
        if p.is_dir() and any((p / h).exists() for h in headers)
    ]
    ordered = [g for g in GALLERY if g in present]
    return ordered + sorted(set(present) - set(ordered))


# -- tables ------------------------------------------------------------------


def list_table(columns, rows, *, widths=None, title=None):
    """A ``list-table`` directive; cells are already reStructuredText."""
    lines = [f".. list-table::{' ' + title if title else ''}", "   :header-rows: 1"]
    if widths:
        lines.append(f"   :widths: {' '.join(str(w) for w in widths)}")
    lines.append("")
    for row in [columns, *rows]:
        for i, cell in enumerate(row):
            text = str(cell).replace("\n", " ") or " "
            lines.append(f"   {'*' if i == 0 else ' '} - {text}")
    return "\n".join(lines) + "\n"


def bad_input_rst():
    sys.path.insert(0, str(ROOT))
    try:
        from tests.bad_input_catalogue import catalogue_rows
    finally:
        sys.path.remove(str(ROOT))
    columns = ["Case", "Applies to", "Expected error", "Message matches"]
    return list_table(columns, catalogue_rows(), widths=[30, 20, 20, 30])


# Benchmark groups whose rows a user-guide page shows (``benchmarks_<group>.rst``).
BENCHMARK_GROUPS = ("linear", "mlp", "cnn", "bayes", "ntk", "busy", "overhead")


def benchmarks_rst(group=None):
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.to_rst import render
    finally:
        sys.path.remove(str(ROOT))
    return render(ROOT / "benchmarks" / "results" / "latest.json", group=group)


# -- plugin guide ------------------------------------------------------------

# (module of the example plugin package, section title, what it shows)
PLUGIN_EXAMPLES = (
    ("solvers", "A solver", "a least-squares solver for ``LinearRegression``"),
    ("optimizers", "An optimizer", "an optimizer for the MLPs and the CNN"),
    ("architectures", "An architecture", "a network for ``CNNClassifier``"),
    ("inference", "An inference method", "an inference method for ``skmath.bayes``"),
    ("activations", "An activation", "an activation for the NNGP and NTK kernels"),
)


def registered_plugins_rst():
    """Every plugin the registries know at build time, with where it comes from."""
    from skmath import plugins

    rows = []
    for kind in plugins.KINDS:
        for name, source in plugins.sources(kind).items():
            rows.append([f"``{kind}``", f"``{name}``", source.replace("*", "\\*")])
    if not rows:
        return "No plugin is registered.\n"
    return list_table(["Kind", "Name", "Source"], rows, widths=[15, 20, 65])


def plugin_kinds_rst():
    package = ROOT / "examples" / "plugin_package" / "skmath_example_plugins"
    parts = []
    for module, title, what in PLUGIN_EXAMPLES:
        path = package / f"{module}.py"
        if not path.exists():
            continue
        rel = path.relative_to(ROOT).as_posix()
        parts.append(_heading(title, "~"))
        parts.append(
            f"The example package's {what}, ``{rel}``:\n\n"
            f".. literalinclude:: /../{rel}\n   :language: python\n"
        )
    return "\n".join(parts)


# -- changelog ---------------------------------------------------------------


def markdown_to_rst(text):
    """Enough Markdown for a changelog: headings, bullets, code and links."""
    out = []
    levels = {1: "=", 2: "-", 3: "~", 4: "^"}
    for line in text.splitlines():
        match = re.match(r"^(#{1,4})\s+(.*)$", line)
        if match:
            title = _inline(match.group(2))
            out.extend(["", title, levels[len(match.group(1))] * len(title), ""])
            continue
        out.append(_inline(line))
    return "\n".join(out).strip() + "\n"


def _inline(line):
    line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`__", line)
    return re.sub(r"(?<!`)`([^`]+)`(?![`_])", r"``\1``", line)


def changelog_rst():
    path = ROOT / "CHANGELOG.md"
    if not path.exists():
        return "No changelog yet.\n"
    return markdown_to_rst(path.read_text())


def generate_all():
    _write("api.rst", api_rst())
    _write("user_guide_toctree.rst", user_guide_rst())
    _write("bad_input_table.rst", bad_input_rst())
    _write("benchmarks_table.rst", benchmarks_rst())
    for group in BENCHMARK_GROUPS:
        _write(f"benchmarks_{group}.rst", benchmarks_rst(group))
    _write("changelog.rst", changelog_rst())
    _write("plugin_kinds.rst", plugin_kinds_rst())
    _write("registered_plugins.rst", registered_plugins_rst())

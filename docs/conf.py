"""Sphinx configuration of the skmath documentation.

Build (warnings are errors)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

``SKMATH_DOCS_QUICK=1`` skips running the gallery examples (their pages are
still written, without figures); everything else is the same.
"""

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# The checkout being documented comes first, whatever is installed.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS))
os.environ.setdefault("MPLBACKEND", "Agg")

import skmath  # noqa: I001
from _generate import generate_all, gallery_sections

QUICK = os.environ.get("SKMATH_DOCS_QUICK", "0").lower() not in ("", "0", "false")

project = "skmath"
author = "the skmath developers"
copyright = "2026, the skmath developers"
release = skmath.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = []
exclude_patterns = [
    "_build",
    "_generated",
    "Thumbs.db",
    ".DS_Store",
    "**.ipynb_checkpoints",
    "auto_examples/**/*.py",
    "auto_examples/**/*.ipynb",
    "auto_examples/**/*.zip",
    "auto_examples/**/*.json",
]
root_doc = "index"
default_role = "literal"

# -- API reference -------------------------------------------------------------
autosummary_generate = False  # _generate.py writes the stub pages
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- gallery -------------------------------------------------------------------
_SECTIONS = gallery_sections()
# sphinx-gallery re-runs only examples whose source changed, so pages written
# by a quick build (no figures) would survive a full build: a marker file says
# the gallery output came from a quick build, and a full build discards it.
_GALLERY_OUT = DOCS / "auto_examples"
_QUICK_MARKER = _GALLERY_OUT / ".quick-build"
if QUICK:
    _GALLERY_OUT.mkdir(exist_ok=True)
    _QUICK_MARKER.touch()
elif _QUICK_MARKER.exists():
    import shutil

    shutil.rmtree(_GALLERY_OUT)
sphinx_gallery_conf = {
    "examples_dirs": ["../examples"],
    "gallery_dirs": ["auto_examples"],
    # One section per concept folder, in teaching order; folders that do not
    # exist yet are simply absent (only folders with a README.txt count).
    "subsection_order": [f"../examples/{name}" for name in _SECTIONS],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(__init__\.py|setup\.py|plugin_package)",
    "plot_gallery": "False" if QUICK else "True",
    "abort_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "reset_modules": ("matplotlib", "seaborn"),
    "matplotlib_animations": False,
    "show_memory": False,
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("skmath",),
    "write_computation_times": not QUICK,
}

# -- HTML ----------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"skmath {release}"
html_static_path = []
html_theme_options = {
    "navigation_depth": 2,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False


def _skip_member(app, what, name, obj, skip, options):
    # scikit-learn's metadata-routing setters (set_fit_request, ...) are
    # generated per class; their docstrings point into sklearn's own docs.
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return skip


def setup(app):
    app.connect("autodoc-skip-member", _skip_member)


# Write the generated pages (API, user-guide toctree, tables) before reading.
generate_all()

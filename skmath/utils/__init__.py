"""Utilities shared by the skmath estimators."""

from .discovery import all_estimators

__all__ = ["all_estimators"]

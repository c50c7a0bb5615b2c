"""Whole-number arguments checked by argparse, so an absurd value is a usage error (exit 2)
with the accepted range, not an overflow deep inside the database driver."""

from __future__ import annotations

import argparse
from collections.abc import Callable

# What the database can hold: 64-bit signed integers.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def whole_number(low: int = INT64_MIN, high: int = INT64_MAX) -> Callable[[str], int]:
    """An argparse ``type`` accepting ASCII digits (and a sign) between ``low`` and ``high``."""

    def parse(text: str) -> int:
        digits = text.strip().lstrip("+-")
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:30]!r}")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text[:30]} is out of range ({low} to {high})")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its messages
    return parse

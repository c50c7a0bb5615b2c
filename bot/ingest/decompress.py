"""Content-Encoding decoding that never holds more than a small step of output at once.

A few kilobytes of stacked gzip can expand to gigabytes; decoding a whole network chunk
in one call (as HTTP clients do) would allocate all of it before any size check. Here
every layer hands on at most ``STEP`` bytes at a time, so the caller can count the
decoded bytes as they stream and stop at its cap with memory bounded by a few steps.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from typing import Protocol

import brotli

STEP = 64 * 1024
MAX_LAYERS = 3
SUPPORTED = ("gzip", "deflate", "br")
ACCEPT_ENCODING = ", ".join(SUPPORTED)


class UnsupportedEncoding(ValueError):
    """The response uses an encoding (or a stack of them) the bot does not decode."""


class DamagedBody(ValueError):
    """The bytes do not decode as their Content-Encoding says."""


class Layer(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of at most ``STEP`` bytes each; ``b""`` drains what is pending."""
        ...


class _ZlibLayer:
    """gzip (several members allowed) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._wbits = zlib.MAX_WBITS | 16 if kind == "gzip" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                piece = self._inflater.decompress(data, STEP)
            except zlib.error:
                if self._kind == "deflate" and not self._started:
                    # "deflate" without the zlib header: retry the same bytes as raw deflate.
                    self._wbits = -zlib.MAX_WBITS
                    self._inflater = zlib.decompressobj(self._wbits)
                    self._started = True
                    continue
                raise DamagedBody(f"bad {self._kind} data") from None
            self._started = True
            data = self._inflater.unconsumed_tail
            if self._inflater.eof and self._inflater.unused_data:
                # Another gzip member follows (concatenated streams are valid gzip).
                data = self._inflater.unused_data + data
                self._inflater = zlib.decompressobj(self._wbits)
            if piece:
                yield piece
            elif not data:
                return


class _BrotliLayer:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                if data and self._decompressor.can_accept_more_data():
                    piece = self._decompressor.process(data, output_buffer_limit=STEP)
                    data = b""
                else:
                    piece = self._decompressor.process(b"", output_buffer_limit=STEP)
            except brotli.error:
                raise DamagedBody("bad br data") from None
            if piece:
                yield piece
            elif not data and self._decompressor.can_accept_more_data():
                return


def layers_for(content_encoding: str | None) -> list[Layer]:
    """Decoders for a Content-Encoding header, in the order the encodings were applied."""
    names = [n.strip().lower() for n in (content_encoding or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > MAX_LAYERS:
        raise UnsupportedEncoding(f"{len(names)} stacked encodings")
    layers: list[Layer] = []
    for name in names:
        if name in ("gzip", "x-gzip"):
            layers.append(_ZlibLayer("gzip"))
        elif name == "deflate":
            layers.append(_ZlibLayer("deflate"))
        elif name == "br":
            layers.append(_BrotliLayer())
        else:
            raise UnsupportedEncoding(name)
    return layers


def decode_chunk(layers: Sequence[Layer], chunk: bytes) -> Iterator[bytes]:
    """One chunk from the wire through every layer, the last-applied encoding first."""
    if not layers:
        if chunk:
            yield chunk
        return
    *inner, outermost = layers
    for piece in outermost.decode(chunk):
        yield from decode_chunk(inner, piece)


def drain(layers: Sequence[Layer]) -> Iterator[bytes]:
    """Whatever the layers still hold once the wire is done."""
    for depth in range(len(layers), 0, -1):
        yield from decode_chunk(layers[:depth], b"")

"""pypdf's content-stream parser against evaluator/ingest/content_stream.py, on one PDF.

    .venv/bin/python benchmarks/bench_content_stream.py FILE.pdf [--repeat 3] [--pdfium]

In this one process, interleaved run by run: the CPU time of parsing every page's content
stream (`ContentStream.operations`), and of a whole `extract_text()` loop, with pypdf's own
parser and with this reader installed; each pair is checked to give the same operations
(operand by operand) or text. `--pdfium` adds pypdfium2's text extraction of the same file, for
scale only (its text differs). Warm figures of one step; bench_cold.py gives what a user waits for.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader
from pypdf.generic import ContentStream

from evaluator.ingest import content_stream


def _parse(streams: list[bytes]) -> tuple[float, list[Any]]:
    started = time.process_time()
    parsed = []
    for data in streams:
        stream = ContentStream(None, None)
        stream.set_data(data)
        parsed.append(stream.operations)
    return time.process_time() - started, parsed


def _described(value: Any) -> Any:
    """Every operand by its type and value, so that two parsers' operations can be compared
    exactly (a float and an integer of equal value are equal under ==)."""
    if isinstance(value, list | tuple):
        return [_described(item) for item in value]
    if isinstance(value, dict):
        return {repr(k): _described(v) for k, v in value.items()}
    return (type(value).__name__, repr(value))


def _extract(path: Path) -> tuple[float, list[str]]:
    started = time.process_time()
    texts = [page.extract_text() for page in PdfReader(path).pages]
    return time.process_time() - started, texts


def _pdfium(path: Path) -> float:
    import pypdfium2 as pdfium

    started = time.process_time()
    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdfium", action="store_true")
    args = parser.parse_args()
    if not content_stream.supported():
        print("this pypdf is not one the reader was compared with")
        return 1
    streams = [
        contents.get_data()
        for page in PdfReader(args.file).pages
        if (contents := page.get_contents()) is not None
    ]
    times: dict[str, list[float]] = {}
    for _round in range(args.repeat):
        content_stream.uninstall()
        stock_parse, stock_ops = _parse(streams)
        stock_extract, stock_texts = _extract(args.file)
        content_stream.install()
        fast_parse, fast_ops = _parse(streams)
        fast_extract, fast_texts = _extract(args.file)
        content_stream.uninstall()
        if _described(stock_ops) != _described(fast_ops) or stock_texts != fast_texts:
            print("the two parsers disagree on this file")
            return 1
        for name, value in (
            ("parse, pypdf", stock_parse),
            ("parse, this reader", fast_parse),
            ("extract_text loop, pypdf", stock_extract),
            ("extract_text loop, this reader", fast_extract),
        ):
            times.setdefault(name, []).append(value)
        if args.pdfium:
            times.setdefault("pypdfium2 text (other text)", []).append(_pdfium(args.file))
    print(f"{args.file.name}: {len(streams)} content streams, {sum(map(len, streams)):,} bytes")
    for name, values in times.items():
        print(f"  {name:<32} CPU s median {statistics.median(values):.2f} (of {len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Content errors and warnings: one format for every mistake an editor can make.

Owns the `ContentError` record, the shared helpers that produce one (did-you-mean,
UTF-8 decoding of content files) and the text format
``file:line:col: dotted.field: message — how to fix`` (line and column 1-based).
Never imports MkDocs; `site.py` turns a non-empty error list into one
`PluginError`, and `check.py` prints the same records as text or JSON.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, located as precisely as the YAML allows.

    Shape: file (path relative to the project root, POSIX), line and col
    (1-based; 0 when the problem concerns a whole file), field (dotted path
    such as ``services[3].phones[0].number``; "" for the whole file),
    message (what was expected and what was found) and fix (how to mend it;
    may be "").  ``severity`` is "error" or "warning".
    """

    file: str
    line: int
    col: int
    field: str
    message: str
    fix: str = ""
    severity: str = field(default="error", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def as_dict(self) -> dict:
        """Return the record as a JSON-ready dict (for ``check --format json``)."""
        return asdict(self) | {"text": str(self)}


#: Cyrillic letters that look like Latin ones: a code or id typed with the Kyrgyz or Russian keyboard layout.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХаеорсухіјӀ", "ABEKMHOPCTYXaeopcyxijI")


def did_you_mean(word, choices, cutoff: float = 0.6) -> str:
    """Return "did you mean 'x'?" for the closest of ``choices`` to ``word``, or "" if none is close.

    A word that matches a choice once its Cyrillic look-alike letters are read as Latin ones
    ("KG-Т" with a Cyrillic Т) gets a fix that names those letters instead of a wrong guess.
    """
    word, options = str(word), [str(c) for c in choices]
    latin = word.translate(_LOOKALIKES)
    if latin != word and latin in options:
        letters = ", ".join(sorted({c for c in word if c.translate(_LOOKALIKES) != c}))
        return f"'{word}' has Cyrillic {letters}: type '{latin}' with the Latin keyboard"
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


def decode_utf8(raw: bytes, rel: str, noun: str) -> tuple[str | None, list[ContentError]]:
    """Decode a content file as UTF-8, as MkDocs reads pages; non-UTF-8 bytes give one error naming the line.

    A leading byte-order mark is dropped and Windows (CRLF) or old Mac (CR) line ends become LF,
    so a file saved by Notepad reads like any other (line numbers unchanged).
    ``noun`` ("file", "page") is used in the message.  Shape: ``(text or None, errors)``.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [ContentError(rel, line, col, "", f"{noun} is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                   f"save the {noun} with UTF-8 encoding")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []

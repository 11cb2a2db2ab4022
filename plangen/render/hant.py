"""Traditional Chinese output: the finished text converted with OpenCC."""

from __future__ import annotations

from functools import cache

# plangen script name → OpenCC configuration
CONFIGS = {"hant": "s2t", "hant-tw": "s2twp", "hant-hk": "s2hk"}
LANGUAGES = {"hans": "zh-CN", "hant": "zh-TW", "hant-tw": "zh-TW", "hant-hk": "zh-HK"}


@cache
def _converter(script: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(CONFIGS[script])


def to_traditional(text: str, script: str = "hant") -> str:
    """Returns `text` in Traditional Chinese (`hant`, Taiwan `hant-tw` or Hong Kong `hant-hk`)."""
    if script == "hans" or not text:
        return text
    return _converter(script).convert(text)

"""One plan, one style → the text and bytes of each output format.

This is where the stages meet: the Markdown of a style, converted to Traditional script once when
asked, front matter added once for Markdown, and the .docx metadata taken from the plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangen import zh
from plangen.render.templates import render_markdown

if TYPE_CHECKING:
    from plangen.docx.meta import DocMeta
    from plangen.docx.theme import Theme
    from plangen.plan.model import Plan


def in_script(text: str, script: str) -> str:
    """Returns `text` in `script` (hans: unchanged; hant, hant-tw, hant-hk: OpenCC)."""
    if script == "hans":
        return text
    from plangen.render.hant import to_traditional

    return to_traditional(text, script)


def front_matter_block(plan: Plan) -> str:
    """Returns YAML front matter (title, date, document.front_matter) for web publishing."""
    import yaml

    meta: dict[str, Any] = {"title": plan.title}
    if plan.document.date:
        meta["date"] = plan.document.date.isoformat()
    meta.update(plan.document.front_matter)
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{body}---\n\n"


def markdown_text(
    plan: Plan,
    style: str = "standard",
    *,
    templates: Path | None = None,
    normalize: bool = True,
    script: str = "hans",
) -> str:
    """Returns the Markdown body of `plan` in `style`, in `script` (no front matter)."""
    return in_script(render_markdown(plan, style, templates=templates, normalize=normalize), script)


def markdown_file(plan: Plan, markdown: str, *, front_matter: bool, script: str) -> bytes:
    """Returns the bytes of the .md file: the body, after front matter when asked."""
    if front_matter:
        markdown = in_script(front_matter_block(plan), script) + markdown
    return markdown.encode("utf-8")


def docx_theme(theme: str | Path, script: str = "hans") -> Theme:
    """Returns the theme for .docx output, its fonts following Traditional output when asked."""
    from plangen.docx.theme import load_theme

    chosen = load_theme(theme)
    return chosen if script == "hans" else chosen.for_script(script)


def docmeta(plan: Plan, script: str = "hans") -> DocMeta:
    """Returns the .docx metadata of a plan — title (with its break points), author, date,
    signature lines, 文号 and the 公文 wrapper (红头, subtitle, 主送, 附件, 版记, 印发通知) — in the
    script of the document."""
    from plangen.docx.meta import DocMeta
    from plangen.render.hant import LANGUAGES

    def text(value: str) -> str:
        return in_script(value, script)

    date_text = zh.format_date(plan.document.date) if plan.document.date else ""
    title_lines: tuple[str, ...] = ()
    if not plan.document.title:
        title_lines = (plan.school.name, plan.title.removeprefix(plan.school.name))
    doc = plan.document
    signature = tuple(text(line) for line in (plan.issuer, date_text) if line)
    recipients = doc.recipients or ""
    if recipients and not recipients.endswith(("：", ":")):
        recipients += "："  # the paragraph as the Markdown writes it (各位老师：)
    return DocMeta(
        title=text(plan.title),
        title_lines=tuple(text(line) for line in title_lines),
        author=text(plan.issuer),
        date=plan.document.date,
        signature=signature,
        doc_number=text(plan.document.doc_number or ""),
        language=LANGUAGES[script],
        header=text(doc.header or ""),
        subtitle=text(doc.subtitle or ""),
        recipients=text(recipients),
        attachments=tuple(text(name) for name in doc.attachments),
        cc=tuple(text(name) for name in doc.cc),
        printed_by=text(doc.printed_by or ""),
        printed_date=text(zh.format_date(doc.printed_date)) if doc.printed_date else "",
        notice=bool(doc.notice),
        notice_signature=signature if doc.notice else (),
    )


def render_docx(
    plan: Plan,
    style: str = "standard",
    *,
    theme: str | Path = "gongwen",
    templates: Path | None = None,
    normalize: bool = True,
    markdown: str | None = None,
    script: str = "hans",
) -> bytes:
    """Returns the plan as .docx bytes: its Markdown converted under a theme (design.md §5).

    `markdown` is the already rendered text in `script` (rendered here when None); `script` makes
    the metadata and the theme's fonts follow Traditional output.
    """
    from plangen.docx.writer import markdown_to_docx

    if markdown is None:
        markdown = markdown_text(
            plan, style, templates=templates, normalize=normalize, script=script
        )
    return markdown_to_docx(markdown, docx_theme(theme, script), docmeta(plan, script))

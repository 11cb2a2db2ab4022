"""Plan → Markdown: Jinja environments (trusted and sandboxed), styles, template helpers, Chinese wording."""

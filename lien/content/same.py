"""The fields of content files that are code, not prose: the same in every language."""

# Fields whose value must be the same in every language (ids, numbers, links to code).
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "id",
        "number",
        "covers",
        "block",
        "fold",
        "correct",
        "topic",
        "page",
        "kind",
        "section",
        "chart",
        "dimension",
        "reverse",
        # A live room question's settings (polls.toml).
        "scale",
        "words",
        "results",
        "personal",
        "min_group",
        "fold_plurals",
    }
)

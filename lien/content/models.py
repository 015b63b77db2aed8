"""Typed records of Lien's content and data: what each content file and table must hold."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from lien.content.messages import msg, unknown_id
from lien.sitemap import BLOCK_NAMES, BRIEF_POINTS, PAGE_IDS

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"


def ensure_unique_ids(ids: list[str], noun: str) -> None:
    """Raise the validation error 'NOUN id 'x' appears twice' for the first repeated id."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(msg("model.id_twice", noun=msg(f"id.{noun}"), id=item))
        seen.add(item)


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NonEmpty(Record):
    @field_validator("*", mode="after")
    @classmethod
    def _text_not_blank(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError(msg("empty"))
        return value


# --- site.toml -------------------------------------------------------------------------


class Site(Record):
    languages: list[str] = Field(min_length=1)
    default_language: str

    @field_validator("default_language")
    @classmethod
    def _default_is_listed(cls, value: str, info) -> str:
        languages = info.data.get("languages") or []
        if languages and value not in languages:
            raise ValueError(msg("model.not_a_language", id=value, languages=", ".join(languages)))
        return value


# --- content/<lang>/pages/<page>.toml ----------------------------------------------------


class Section(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    heading: str
    body: str
    # Points of the content brief (A1 … E2) this section teaches.
    covers: list[str] = []
    # A claim of the source page, shown beside what studies find.
    claim: str | None = None
    evidence: str | None = None
    # Name of an interactive block (chart, quiz …) placed after the section.
    block: str | None = None
    # On the reading page, the heading is a line to open and the text is shown once opened
    # (the quiz's "how it works": the first question comes first on a phone). Slides and the
    # handout show the text as usual.
    fold: bool = False

    @field_validator("covers")
    @classmethod
    def _brief_points(cls, value: list[str]) -> list[str]:
        bad = [p for p in value if p not in BRIEF_POINTS]
        if bad:
            raise ValueError(msg("model.brief_point", points=", ".join(bad)))
        return value

    @field_validator("block")
    @classmethod
    def _known_block(cls, value: str | None) -> str | None:
        if value is not None and value not in BLOCK_NAMES:
            known = ", ".join(sorted(BLOCK_NAMES))
            raise ValueError(unknown_id("model.no_block", value, BLOCK_NAMES, known=known))
        return value

    @field_validator("evidence")
    @classmethod
    def _claim_has_evidence(cls, value: str | None, info) -> str | None:
        if (info.data.get("claim") is None) != (value is None):
            raise ValueError(msg("model.claim_evidence"))
        return value


class PageText(NonEmpty):
    title: str
    lead: str
    sections: list[Section] = Field(min_length=1)

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, value: list[Section]) -> list[Section]:
        ensure_unique_ids([s.id for s in value], "section")
        return value


# --- content/<lang>/slides.toml ---------------------------------------------------------


class Slide(NonEmpty):
    """One screen of present mode: one idea (a section of a page) with its speaker notes."""

    id: str = Field(pattern=ID_PATTERN)
    page: str
    # The section of that page shown on this slide; none for the page's title slide.
    section: str | None = None
    # Short Markdown shown in big type instead of the section's full text.
    text: str | None = None
    notes: str
    # When the section's block draws several charts: the one this slide shows (its key, one
    # of lien.sitemap.BLOCK_CHARTS); without it, the slide shows them all.
    chart: str | None = None


class Deck(Record):
    slides: list[Slide] = Field(min_length=1)


# --- content/<lang>/safety.toml, presenter.toml, sources.toml -----------------------------


class SafetyLine(NonEmpty):
    """A helpline as one language names it; its number and hours are data (helplines.csv)."""

    id: str = Field(pattern=ID_PATTERN)
    label: str


class SafetyPlace(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    place: str
    lines: list[SafetyLine] = Field(min_length=1)


class Safety(NonEmpty):
    title: str
    intro: str
    places: list[SafetyPlace] = Field(min_length=1)


class Presenter(Record):
    """Who presents the app; all empty by default, shown on the home page only when filled."""

    name: str = ""
    title: str = ""
    place: str = ""
    contact: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.name)


class SourceText(NonEmpty):
    """The language-dependent description of a study: its sample and its measure.

    A source whose reference itself is prose (the source page) may give its authors, title
    and container here, per language, instead of the language-neutral ones of sources.csv.
    """

    sample: str
    measure: str
    authors: str | None = None
    title: str | None = None
    container: str | None = None


# --- data/*.csv -----------------------------------------------------------------------


class Helpline(NonEmpty):
    """A number to call (data/helplines.csv): what it costs, when it answers, where that was
    checked and when. Its name in each language is in content/<lang>/safety.toml."""

    id: str = Field(pattern=ID_PATTERN)
    place: str = Field(pattern=ID_PATTERN)
    number: str = Field(pattern=r"^[0-9][0-9 \-]*[0-9]$")
    cost: Literal["free", "small_fee", "ordinary_rate"]
    hours: Literal["24_7"]
    source: str = Field(pattern=r"^https?://\S+$")
    checked: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class Source(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    topic: Literal["prevalence", "alliance", "dimensions", "source_page"]
    authors: str
    year: int | None = Field(default=None, ge=1900, le=2100)
    title: str
    container: str
    volume_pages: str | None = None
    link: str | None = None
    # "verified": checked against the paper or its abstract; "secondary": seen only in reviews;
    # "claim": what a source says that no one can check (the source page): its figures are
    # shown as claims, never as data (`python -m lien check` holds figures to it).
    status: Literal["verified", "secondary", "claim"]
    # When a web page was read (YYYY-MM-DD), for sources without a fixed edition.
    consulted: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class PrevalenceRow(Record):
    source_id: str
    group: Literal["infant", "preschool", "adult_aai", "adult_self_report"]
    category: Literal[
        "secure",
        "avoidant",
        "resistant",
        "disorganized",
        "dismissing",
        "preoccupied",
        "unresolved",
        "anxious",
        "not_classified",
        # Preschool coding systems (Cassidy–Marvin, Main–Cassidy) join the two (Deneault 2023).
        "disorganized_controlling",
    ]
    percent: float = Field(ge=0, le=100)
    # "main": the categories of one split, which must add up to 100;
    # "overlay": coded on top of the split (AAI unresolved); "single": one share on its own.
    partition: Literal["main", "overlay", "single"]
    n: int | None = Field(default=None, gt=0)


def _decimals(text: object) -> int | None:
    """How many decimals a number was written with in the data file ("0.30" -> 2)."""
    if not isinstance(text, str) or not text.strip():
        return None
    _, dot, rest = text.strip().partition(".")
    return len(rest) if dot else 0


class EffectRow(Record):
    """One meta-analytic effect: r (or d) with its interval, k units and N people.

    Values are shown with the decimals the paper gives, as written in data/effects.csv (r =
    .26 stays .26, not .260): the digits are read from the file itself.
    """

    source_id: str
    effect: Literal["alliance_outcome", "repair_outcome", "security_alliance"]
    r: float = Field(ge=-1, le=1)
    ci_low: float | None = Field(default=None, ge=-1, le=1)
    ci_high: float | None = Field(default=None, ge=-1, le=1)
    d: float | None = None
    k: int | None = Field(default=None, gt=0)
    # What k counts, as the paper says: studies, independent samples or data sources.
    k_unit: Literal["studies", "samples", "data_sources"] | None = None
    n: int | None = Field(default=None, gt=0)
    n_is_minimum: bool = False
    # Decimals as published (read from the file); 2 when a row is built in code.
    r_digits: int = 2
    ci_digits: int = 2
    d_digits: int = 2

    @model_validator(mode="before")
    @classmethod
    def _published_digits(cls, data: object) -> object:
        if isinstance(data, dict):
            data = dict(data)
            for name, fields in (("r", ("r",)), ("ci", ("ci_low", "ci_high")), ("d", ("d",))):
                found = [_decimals(data.get(f)) for f in fields]
                found = [x for x in found if x is not None]
                if found and f"{name}_digits" not in data:
                    data[f"{name}_digits"] = max(found)
        return data

    @model_validator(mode="after")
    def _k_has_unit(self) -> EffectRow:
        if self.k is not None and self.k_unit is None:
            raise ValueError(msg("model.k_unit"))
        return self


class FigureRow(Record):
    """A single figure quoted in text or charted on its own (a share, an estimate, a claim)."""

    id: str = Field(pattern=ID_PATTERN)
    source_id: str
    value: float
    # "count": a number of people, studies or therapists, as the paper gives it.
    unit: Literal["percent", "r", "d", "ratio", "count"]
    kind: Literal["measured", "derived", "estimate", "claim"]
    # Figures of one group with partition "main" must add up to 100 (percent).
    group: str | None = None
    partition: Literal["main", "single"] = "single"


# --- content/<lang>/polls.toml: questions for the live room of a talk -------------------


class PollOption(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(max_length=200)


POLL_KINDS = ("choice", "scale", "words", "open", "questions", "map")
# When the projector shows a kind's results unless the poll says otherwise.
DEFAULT_RESULTS = {
    "choice": "live",
    "scale": "after_close",
    "words": "after_close",
    "open": "after_close",
    "questions": "live",
    "map": "after_close",
}
MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR = 8, 5


class Poll(NonEmpty):
    """One question put to the room, of one kind (see content/README.md, "Live room").

    - choice: 2 to 8 options, optionally one `correct`;
    - scale: `scale = 5` or `7` points, with `low` and `high` naming its ends;
    - words: one to `words` (at most 3) short words per phone, shown as a word cloud;
    - open: a short free text, projected only once the presenter approves it;
    - questions: the audience asks the speaker and upvotes;
    - map: the room's anonymous map (the reflection's statements, on the phone).
    `results`: "live", "after_close" or "never" (only in the report). `personal = true`: the
    projector, the report and the CSV show nothing of a group smaller than `min_group`.
    """

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["choice", "scale", "words", "open", "questions", "map"] = "choice"
    prompt: str = Field(max_length=300)
    options: list[PollOption] = Field(default_factory=list, max_length=8)
    correct: str | None = None
    explanation: str | None = None
    scale: Literal[5, 7] | None = None
    low: str | None = Field(None, max_length=60)
    high: str | None = Field(None, max_length=60)
    words: int = Field(3, ge=1, le=3)
    # A word cloud counts "écoutes" with "écoute" (a final -s or -x) when both were given.
    fold_plurals: bool = False
    results: Literal["live", "after_close", "never"] | None = None
    personal: bool = False
    min_group: int | None = Field(None, ge=MIN_GROUP_FLOOR, le=100)

    @field_validator("options")
    @classmethod
    def _unique_option_ids(cls, value: list[PollOption]) -> list[PollOption]:
        ensure_unique_ids([o.id for o in value], "option")
        if "skip" in [o.id for o in value]:
            raise ValueError(msg("model.skip_id"))
        return value

    @field_validator("correct")
    @classmethod
    def _correct_is_an_option(cls, value: str | None, info) -> str | None:
        ids = [o.id for o in info.data.get("options") or []]
        if value is not None and ids and value not in ids:
            raise ValueError(unknown_id("model.not_an_option", value, ids, ids=", ".join(ids)))
        return value

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Poll:
        kind = self.kind
        if kind == "choice" and len(self.options) < 2:
            raise ValueError(msg("model.choice_options"))
        if kind != "choice" and self.options:
            raise ValueError(msg("model.no_options", kind=kind))
        if kind != "choice" and self.correct:
            raise ValueError(msg("model.correct_choice_only"))
        if kind == "scale" and not (self.scale and self.low and self.high):
            raise ValueError(msg("model.scale_needs"))
        if kind != "scale" and (self.scale or self.low or self.high):
            raise ValueError(msg("model.scale_only"))
        if kind == "map" and not self.personal:
            raise ValueError(msg("model.map_personal"))
        return self

    @property
    def shown(self) -> str:
        """When the projector shows the results: this poll's `results`, else its kind's."""
        return self.results or DEFAULT_RESULTS[self.kind]

    @property
    def group(self) -> int:
        return self.min_group or MIN_GROUP_DEFAULT


class Polls(Record):
    polls: list[Poll] = Field(min_length=1)
    # Words a word cloud never shows, one per line (compared without case).
    hidden_words: str | None = None

    @field_validator("polls")
    @classmethod
    def _unique_ids(cls, value: list[Poll]) -> list[Poll]:
        ensure_unique_ids([p.id for p in value], "poll")
        return value


# --- content/<lang>/quiz.toml ------------------------------------------------------------

# What a quiz question is about; each has a label `quiz.topic_<id>` in ui-quiz.toml.
QUIZ_TOPICS = (
    "alliance",
    "frame",
    "posture",
    "styles",
    "stress",
    "prevalence",
    "corrective",
    "repair",
)
QuizKind = Literal["single", "multiple", "true_false", "vignette"]
# Kinds where exactly one option is right (a vignette is a single choice about a situation).
ONE_RIGHT_ANSWER = frozenset({"single", "true_false", "vignette"})


class QuizOption(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    text: str
    correct: bool = False
    # Why this option is wrong: every wrong option needs one, a right option has none.
    why_wrong: str | None = None

    @field_validator("why_wrong")
    @classmethod
    def _reason_only_when_wrong(cls, value: str | None, info) -> str | None:
        if info.data.get("correct") and value is not None:
            raise ValueError(msg("model.right_no_why"))
        return value

    @model_validator(mode="after")
    def _wrong_needs_reason(self) -> QuizOption:
        if not self.correct and self.why_wrong is None:
            raise ValueError(msg("model.wrong_needs_why", id=self.id))
        return self


class Question(NonEmpty):
    id: str = Field(pattern=ID_PATTERN)
    kind: QuizKind
    topic: Literal[QUIZ_TOPICS]  # type: ignore[valid-type]
    # The page that teaches the answer (an id of lien.sitemap.PAGES), and optionally its section.
    page: str
    section: str | None = Field(default=None, pattern=ID_PATTERN)
    # A short everyday situation, shown before the prompt; vignettes must have one.
    situation: str | None = None
    prompt: str
    options: list[QuizOption] = Field(min_length=2)
    explanation: str

    @field_validator("page")
    @classmethod
    def _known_page(cls, value: str) -> str:
        if value not in PAGE_IDS:
            raise ValueError(
                unknown_id("model.no_page", value, PAGE_IDS, pages=", ".join(sorted(PAGE_IDS)))
            )
        return value

    @field_validator("options")
    @classmethod
    def _options_fit_the_kind(cls, value: list[QuizOption], info) -> list[QuizOption]:
        ids = [o.id for o in value]
        ensure_unique_ids(ids, "option")
        kind = info.data.get("kind")
        right = sum(o.correct for o in value)
        if kind in ONE_RIGHT_ANSWER and right != 1:
            raise ValueError(msg("model.one_right", kind=kind.replace("_", "/"), found=right))
        if kind == "multiple" and right == 0:
            raise ValueError(msg("model.multiple_right"))
        if kind == "true_false" and sorted(ids) != ["false", "true"]:
            raise ValueError(msg("model.true_false"))
        return value

    @model_validator(mode="after")
    def _vignette_has_situation(self) -> Question:
        if self.kind == "vignette" and self.situation is None:
            raise ValueError(msg("model.vignette_situation"))
        return self

    @property
    def right_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> QuizOption:
        return next(o for o in self.options if o.id == option_id)


class QuizBank(Record):
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, value: list[Question]) -> list[Question]:
        ensure_unique_ids([q.id for q in value], "question")
        return value

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


# --- content/<lang>/components.toml ------------------------------------------------------


class ComponentNode(NonEmpty):
    """One part of the alliance (a component, a family of qualities, a quality) and its meaning."""

    id: str = Field(pattern=ID_PATTERN)
    label: str
    meaning: str
    # Points of the content brief (D1a …) this part stands for.
    covers: list[str] = []
    parts: list[ComponentNode] = []

    @field_validator("covers")
    @classmethod
    def _brief_points(cls, value: list[str]) -> list[str]:
        return Section._brief_points(value)


class Components(NonEmpty):
    """The alliance as a tree: its components, their families and their qualities."""

    label: str
    meaning: str
    parts: list[ComponentNode] = Field(min_length=1)

    @field_validator("parts")
    @classmethod
    def _unique_ids(cls, value: list[ComponentNode]) -> list[ComponentNode]:
        seen: set[str] = set()
        stack = list(value)
        while stack:
            node = stack.pop()
            if node.id in seen:
                raise ValueError(msg("model.id_twice", noun=msg("id.part"), id=node.id))
            seen.add(node.id)
            stack.extend(node.parts)
        return value

    def walk(self) -> list[tuple[ComponentNode, str | None]]:
        """Every part with the id of its parent (None for a top-level component), depth first."""
        out: list[tuple[ComponentNode, str | None]] = []

        def visit(node: ComponentNode, parent: str | None) -> None:
            out.append((node, parent))
            for child in node.parts:
                visit(child, node.id)

        for part in self.parts:
            visit(part, None)
        return out


# --- attachment charts: content/<lang>/stress.toml, content/stress-illustrative.toml -----

# The source page's four styles, in the order every chart and text uses.
STYLE_IDS = ("secure", "preoccupied", "avoidant", "disorganized")
StyleId = Literal["secure", "preoccupied", "avoidant", "disorganized"]


class StyleText(NonEmpty):
    """One style as the source page describes it under stress (content brief B5)."""

    id: StyleId
    strategy: str
    behaviours: list[str] = Field(min_length=1)


class ScenarioText(NonEmpty):
    """An everyday stressor and how each style tends to respond to it."""

    id: str = Field(pattern=ID_PATTERN)
    label: str
    responses: dict[StyleId, str]

    @field_validator("responses")
    @classmethod
    def _every_style(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [s for s in STYLE_IDS if s not in value]
        if missing:
            raise ValueError(msg("model.style_responses", styles=", ".join(missing)))
        return value


class StressTexts(NonEmpty):
    styles: list[StyleText] = Field(min_length=4, max_length=4)
    scenarios: list[ScenarioText] = Field(min_length=3)

    def style(self, style_id: str) -> StyleText:
        return next(s for s in self.styles if s.id == style_id)

    def scenario(self, scenario_id: str) -> ScenarioText:
        return next(s for s in self.scenarios if s.id == scenario_id)


class StressValues(Record):
    """Schematic (illustrative, not measured) responses to a stressor, for the stress chart.

    Each list gives one value per phase, from -3 (moves away from the other) to +3 (moves
    towards the other).
    """

    phases: int = Field(ge=2, le=8)
    scenarios: dict[str, dict[StyleId, list[float]]] = Field(min_length=1)

    @field_validator("scenarios")
    @classmethod
    def _complete(cls, value, info):
        phases = info.data.get("phases")
        for scenario, by_style in value.items():
            missing = [s for s in STYLE_IDS if s not in by_style]
            if missing:
                raise ValueError(
                    msg("model.scenario_values", id=scenario, styles=", ".join(missing))
                )
            for style, values in by_style.items():
                if phases is not None and len(values) != phases:
                    raise ValueError(
                        msg(
                            "model.phases",
                            id=f"{scenario}.{style}",
                            count=len(values),
                            phases=phases,
                        )
                    )
                if any(not -3 <= v <= 3 for v in values):
                    raise ValueError(msg("model.outside_range", id=f"{scenario}.{style}"))
        return value


# --- the reflection: content/<lang>/reflection.toml --------------------------------------


class Statement(NonEmpty):
    """One statement of the self-reflection, answered from 1 to 7."""

    id: str = Field(pattern=ID_PATTERN)
    dimension: Literal["anxiety", "avoidance"]
    # A reverse-keyed statement agrees with *less* of its dimension: 7 counts as 1.
    reverse: bool = False
    text: str


class Reflection(NonEmpty):
    statements: list[Statement] = Field(min_length=10, max_length=12)

    @field_validator("statements")
    @classmethod
    def _balanced(cls, value: list[Statement]) -> list[Statement]:
        ids = [s.id for s in value]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(msg("model.statements_twice", ids=", ".join(dups)))
        anxiety = sum(s.dimension == "anxiety" for s in value)
        if anxiety * 2 != len(value):
            raise ValueError(msg("model.half_anxiety", anxiety=anxiety, total=len(value)))
        for dimension in ("anxiety", "avoidance"):
            if not any(s.reverse for s in value if s.dimension == dimension):
                raise ValueError(msg("model.no_reverse", dimension=dimension))
        return value


# --- talks: content/talks/<id>.toml, content/<lang>/talks.toml, content/<lang>/my-slides.toml

# What a talk may show, each written as a text in the talk's list of items:
#   slide:<id>   a slide of a page (content/<lang>/slides.toml)
#   own:<id>     a slide of the practitioner's own (content/<lang>/my-slides.toml)
#   poll:<id>    a poll of the live room (content/<lang>/polls.toml)
#   quiz:<id>    a quiz question with one right answer, asked in the live room
#   join         how the room joins the live room (its address and code)
ITEM_KINDS = ("slide", "own", "poll", "quiz")
JOIN_ITEM = "join"
# An image on a slide of one's own: a file in content/media/ of one of these types, at most
# this large (a projector needs no more; a bigger file slows every slide change).
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
IMAGE_MAX_BYTES = 2 * 1024 * 1024


class TalkItem(Record):
    """One screen of a talk, and the minutes planned for it (optional)."""

    id: str
    minutes: float | None = Field(default=None, gt=0, le=600)

    @field_validator("id")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value == JOIN_ITEM:
            return value
        kind, colon, ref = value.partition(":")
        if not colon or kind not in ITEM_KINDS:
            raise ValueError(msg("model.not_an_item", id=value))
        if not re.match(ID_PATTERN, ref):
            raise ValueError(msg("model.item_ref", id=value, kind=kind))
        return value

    @property
    def kind(self) -> str:
        return JOIN_ITEM if self.id == JOIN_ITEM else self.id.partition(":")[0]

    @property
    def ref(self) -> str:
        """The id the item points to (a slide, a poll …); empty for the join slide."""
        return self.id.partition(":")[2]


class TalkPart(Record):
    """A part of a talk: its items in order; its plan is the sum of their minutes."""

    id: str = Field(pattern=ID_PATTERN)
    items: list[TalkItem] = Field(min_length=1)

    @field_validator("items", mode="before")
    @classmethod
    def _texts_are_items(cls, value: object) -> object:
        # An item is written as a text ("slide:home-title") or, with its minutes, as a table
        # ({ id = "slide:home-title", minutes = 2 }).
        if isinstance(value, list):
            return [{"id": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def planned_minutes(self) -> float:
        return sum(item.minutes or 0 for item in self.items)


class TalkPlan(Record):
    """A talk, the same in every language: its parts and their items, in order.

    `min_group`: for this talk's personal questions that set none of their own, how many
    answers before anything shows (the room opened for the talk keeps it); never below 5.
    `max_phones`: the room's cap on phones (default LIEN_ROOM_MAX_PARTICIPANTS, 1,000);
    `phones_per_address`: phones one network address may join (default 2; 0: no cap, for a
    room where many phones share one address, at the cost of the personal questions' guard).
    """

    parts: list[TalkPart] = Field(min_length=1)
    min_group: int | None = Field(None, ge=MIN_GROUP_FLOOR, le=100)
    max_phones: int | None = Field(None, ge=1, le=100_000)
    phones_per_address: int | None = Field(None, ge=0, le=1000)
    # The languages the talk is written in (`languages = ["fr"]`): its own slides, questions
    # and titles need only these. None: every language of the site.
    languages: list[str] | None = Field(None, min_length=1)
    # Phones of the talk's room show the projected slide between questions (issue 24);
    # `follow_along = false` keeps them on the room's own page.
    follow_along: StrictBool = True

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            ensure_unique_ids(value, "language")
        return value

    @field_validator("parts")
    @classmethod
    def _unique_ids(cls, value: list[TalkPart]) -> list[TalkPart]:
        ensure_unique_ids([p.id for p in value], "part")
        return value

    @property
    def items(self) -> list[tuple[TalkPart, TalkItem]]:
        return [(part, item) for part in self.parts for item in part.items]


class TalkText(NonEmpty):
    """A talk's words in one language: its title and the title of each part."""

    title: str
    parts: dict[str, str] = Field(min_length=1)


class OwnSlide(NonEmpty):
    """A slide of the practitioner's own: a title, short text, notes, and maybe one image."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    text: str | None = None
    notes: str
    # A file name in content/media/ (PNG, JPEG or WebP), and what it shows, for screen readers.
    image: str | None = None
    image_alt: str | None = None
    # The image is the whole slide (a page of one's own deck, lien.pdf_import): shown alone,
    # whole, letterboxed; the title names the slide in lists only.
    image_only: bool = False

    @model_validator(mode="after")
    def _image_has_its_words(self) -> OwnSlide:
        if (self.image is None) != (self.image_alt is None):
            raise ValueError(msg("model.image_alt"))
        if self.image_only and self.image is None:
            raise ValueError(msg("model.image_only"))
        return self


class OwnSlides(Record):
    slides: list[OwnSlide] = []

    @field_validator("slides")
    @classmethod
    def _unique_ids(cls, value: list[OwnSlide]) -> list[OwnSlide]:
        ensure_unique_ids([s.id for s in value], "slide")
        return value

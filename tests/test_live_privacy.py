"""The red team's attacks on a personal question (7 Dec), on the phone routes themselves.

Phones come from their own loopback addresses (127.x.y.z, named by the trusted proxy's
X-Real-IP as behind nginx); what the room then sees is read where the room reads it: the
projector's chart (the same for the poll slide and /live), the report and the CSV. Each test
is bounded in count and in time: the attacker's waits between joins run on a fake clock.
"""

from __future__ import annotations

import csv
import io
import random
import re
import time as _time

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.charts.live_answers import result_figure
from lien.content import ROOT, load_bundle
from lien.live import export, settings, web
from lien.live import store as store_module
from lien.live.questions import SKIP, live_questions, map_cells
from lien.live.results import result
from lien.live.store import current_store

BUNDLE = load_bundle(ROOT)
QUESTION = live_questions(BUNDLE, "en")["poll:comfort-first"]  # five options and "skip"
MAP = live_questions(BUNDLE, "en")["poll:room-map"]


class Clock:
    """The store's clock, which the attacker may move on instead of waiting."""

    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return _time.time() + self.offset

    monotonic = staticmethod(_time.monotonic)
    sleep = staticmethod(_time.sleep)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(store_module, "time", fake)
    return fake


@pytest.fixture
def app(sqlite_store_url, monkeypatch, clock):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    return Starlette(routes=web.participant_routes())


def phone(app, address: str) -> TestClient:
    return TestClient(app, follow_redirects=False, headers={"x-real-ip": address})


def answer(client, room, option: str, question=QUESTION):
    form = {"option": option, "round": str(room.round), "question": question.id}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form)


def join(app, room, address: str, clock: Clock, patience: int = 40) -> TestClient | None:
    """A new phone from this address; on "too many at once" the attacker waits 2.1 s (on the
    fake clock) and tries again, as the red team did. None when it is never let in."""
    for _ in range(patience):
        client = phone(app, address)
        status = client.get(f"/join/{room.code}?lang=en").status_code
        if status == 200:
            return client
        if status != 429:
            return None
        clock.offset += 2.1
    return None


# --- what the room sees, read as a reader would -----------------------------------------------


def projector_figures(room_code: str, question) -> dict[str, str]:
    """Each option's words on the projector's chart (the poll slide and /live draw the same)."""
    store = current_store()
    shown = result(question, store.tally(room_code), skip_label="skip")
    if shown.state != "shown" or not shown.bars:
        return {}
    figure = result_figure(shown, axis_title="", fewer_text="fewer", right_mark="")
    labels = {bar.label: bar.key for bar in shown.bars}
    return {
        labels[label]: str(text)
        for label, text in zip(figure.data[0].y, figure.data[0].text, strict=True)
    }


def report_figures(room_code: str, question) -> dict[str, str]:
    store = current_store()
    report = export.room_report(store, BUNDLE, "en", room_code)
    page = export.report_html(report, BUNDLE, "en", None)
    labels = {text: key for key, text in question.options}
    labels[BUNDLE.ui["en"]["join.skip"]] = SKIP
    rows = re.findall(
        r"<tr[^>]*><td>([^<]*)</td><td class=\"n\">([^<]*)</td><td[^>]*>(.*?)</td>", page
    )
    return {
        labels[label]: f"{count} {re.sub('<[^>]+>', '', share)}".strip()
        for label, count, share in rows
        if label in labels
    }


def csv_figures(room_code: str, question) -> dict[str, str]:
    store = current_store()
    report = export.room_report(store, BUNDLE, "en", room_code)
    text = export.answers_csv(
        store.answers(room_code), room_code, bundle=BUNDLE, lang="en", report=report
    )
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {r["answer_id"]: r["count"] for r in rows if r["question_id"] == question.id}


SURFACES = {"projector": projector_figures, "report": report_figures, "csv": csv_figures}


def red_team_guess(figures: dict[str, str], padded: int) -> str | None:
    """The red team's reading: the one option that shows one phone more than it padded."""
    found = [key for key, text in figures.items() if text.strip() == str(padded + 1)]
    return found[0] if len(found) == 1 else None


def best_guess(figures: dict[str, str]) -> str | None:
    """A partial attacker's reading: the one option with the largest figure, if any."""
    numbers = {}
    for key, text in figures.items():
        match = re.search(r"\d+(?:[.,]\d+)?", text.replace("\u202f", "").replace("\xa0", ""))
        if match:
            numbers[key] = float(match.group().replace(",", "."))
    if not numbers:
        return None
    top = max(numbers.values())
    best = [key for key, value in numbers.items() if value == top]
    return best[0] if len(best) == 1 else None


def padded_trial(app, clock: Clock, addresses: list[str], victim: str, seed: int) -> dict:
    """One trial of the red team's attack: the victim answers from its own address, then the
    laptop joins `min_group` phones per option, round-robin over its addresses, each phone on
    one option; after close, each surface is read. Returns what each surface gave away."""
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION.id)
    room = store.room(room.code)
    victim_phone = join(app, room, f"127.1.{seed // 250}.{seed % 250 + 1}", clock)
    assert victim_phone is not None
    assert answer(victim_phone, room, victim).status_code == 303
    placed = 0
    turn = 0
    for option in QUESTION.values:
        for _ in range(QUESTION.min_group):
            client = None
            for _ in range(len(addresses)):  # the next address that still lets a phone in
                client = join(app, room, addresses[turn % len(addresses)], clock)
                turn += 1
                if client is not None:
                    break
            if client is None:
                break
            if answer(client, room, option).status_code == 303:
                placed += 1
    store.close_answers(room.code)
    guesses = {}
    for name, read in SURFACES.items():
        figures = read(room.code, QUESTION)
        guesses[name] = (red_team_guess(figures, QUESTION.min_group), best_guess(figures))
    return {"placed": placed, "guesses": guesses}


@pytest.mark.parametrize("count", [1, 10])
def test_padding_a_personal_question_recovers_no_one_in_a_hundred_trials(app, clock, count):
    """N1: from one address, then from ten, the laptop pads every option with min_group
    phones. Today it placed all 48 and the victim's option read 9 in 5 trials of 5."""
    addresses = [f"127.0.{n + 1}.1" for n in range(count)]
    rng = random.Random(21 + count)
    recovered = {name: 0 for name in SURFACES}
    most = 0
    for trial in range(100):
        victim = rng.choice(QUESTION.values)
        outcome = padded_trial(app, clock, addresses, victim, trial)
        most = max(most, outcome["placed"])
        for name, (red, _) in outcome["guesses"].items():
            recovered[name] += red == victim
    assert recovered == {name: 0 for name in SURFACES}, recovered
    # The padding cannot even be placed: a few phones per address, far from min_group × 6.
    assert most <= count * settings.phones_per_address(), most


def test_a_partial_attack_with_ten_addresses_guesses_no_better_than_chance(app, clock):
    """What ten addresses can place (two phones each) on two options, read as well as the
    figures allow: its guesses of the victim's option are near chance (one in six)."""
    addresses = [f"127.0.{n + 1}.1" for n in range(10)]
    rng = random.Random(7)
    store = current_store()
    hits = {name: 0 for name in SURFACES}
    trials = 100
    for trial in range(trials):
        victim = rng.choice(QUESTION.values)
        room = store.open_room()
        store.open_question(room.code, QUESTION.id)
        room = store.room(room.code)
        own = join(app, room, f"127.2.{trial // 250}.{trial % 250 + 1}", clock)
        assert answer(own, room, victim).status_code == 303
        for n in range(20):  # two options, ten phones each, as far as the room lets them in
            client = join(app, room, addresses[n % 10], clock)
            if client is not None:
                answer(client, room, QUESTION.option_ids[n % 2])
        store.close_answers(room.code)
        for name, read in SURFACES.items():
            guess = best_guess(read(room.code, QUESTION))
            if guess is None:  # nothing to read: the attacker guesses among the options
                guess = rng.choice(QUESTION.values)
            hits[name] += guess == victim
    chance = trials / len(QUESTION.values)
    for name, count in hits.items():
        assert count <= chance + 12, (name, count, hits)


def test_a_lone_phone_on_the_map_cannot_be_located_in_two_hundred_trials(app, clock):
    """N2: a phone alone in its quadrant, twenty others elsewhere. The projector's density and
    the quadrants' figures are the same with or without it: nothing shows where it is (today
    its cell was shaded, found in 200 trials of 200)."""
    from dataclasses import replace

    store = current_store()
    rng = random.Random(2)
    lonely_cells = [c for c in map_cells() if int(c[1]) >= 3 and int(c[3]) >= 3]  # one quadrant
    crowd_cells = [c for c in map_cells() if int(c[1]) <= 2]
    told = 0
    for _ in range(200):
        room = store.open_room()
        store.open_question(room.code, MAP.id)
        room = store.room(room.code)
        lone = rng.choice(lonely_cells)
        cells = [lone] + [rng.choice(crowd_cells) for _ in range(20)]
        for n, cell in enumerate(cells):
            store.join(room.code, f"p{n}")
            assert store.submit(room.code, room.round, MAP.id, f"p{n}", cell)
        store.close_answers(room.code)
        tally = store.tally(room.code)
        shown = result(MAP, tally)
        assert shown.state == "shown"
        counts = dict(tally.counts)
        counts[lone] -= 1
        without = result(MAP, replace(tally, counts=counts, answered=tally.answered - 1))
        told += shown.density != without.density
        assert shown.quadrants["fearful"] is None  # its quadrant: one phone, no figure
    assert told == 0, told


@pytest.mark.parametrize("poll_id", ["comfort-first", "help-ease", "repair-moment", "room-map"])
def test_skips_never_unlock_a_personal_result(app, clock, poll_id):
    """N2: seven "I'd rather not say" and one real answer used to unlock a result that showed
    that one person; skips do not count toward the minimum group, for every kind."""
    question = live_questions(BUNDLE, "en")[f"poll:{poll_id}"]
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, question.id)
    room = store.room(room.code)
    real = {"choice": "partner", "scale": "2", "open": "text", "map": "x1y1"}[question.form]
    for n in range(question.min_group):
        client = join(app, room, f"127.3.0.{n + 1}", clock)
        if n == 0:
            fields = {"option": real, "round": str(room.round), "question": question.id}
            if question.form == "open":
                fields["text"] = "Talking it through with my sister"
            assert client.post(f"/join/{room.code}/answer", data=fields).status_code == 303
        else:
            assert answer(client, room, SKIP, question).status_code == 303
    store.close_answers(room.code)
    for participant, _text, _ in store.tally(room.code).texts:  # the presenter approves it
        store.set_text_status(room.code, room.round, participant, "approved")
    shown = result(question, store.tally(room.code), for_report=False)
    assert shown.state == "short", shown
    report = export.room_report(store, BUNDLE, "en", room.code)
    assert report.rounds[-1].result.state == "short"
    page = export.report_html(report, BUNDLE, "en", None)
    assert "my sister" not in page

"""The red team's attacks on a personal question (7 Dec), on the phone routes themselves.

Phones come from their own loopback addresses (127.x.y.z, named by the trusted proxy's
X-Real-IP as behind nginx); what the room then sees is read where the room reads it: the
projector's chart (the same for the poll slide and /live), the report and the CSV. Each test
is bounded in count and in time: the attacker's waits between joins run on a fake clock.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import time as _time

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.charts.live_answers import result_figure
from lien.content import ROOT, load_bundle
from lien.live import export, settings
from lien.live.questions import SKIP, live_questions, map_cells
from lien.live.results import result
from lien.live.store import current_store
from lien.live.store import database as store_database
from lien.web import phone as web
from tests.helpers.asgi_client import in_place_client

BUNDLE = load_bundle(ROOT)
QUESTION = live_questions(BUNDLE, "en")["poll:comfort-first"]  # seven options and "skip"
MAP = live_questions(BUNDLE, "en")["poll:room-map"]


class Clock:
    """The store's clock, which the attacker may move on instead of waiting."""

    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return _time.time() + self.offset

    def monotonic(self) -> float:
        # Waiting moves both clocks: the store takes a wall clock that moves alone for a jump
        # (lien.live.store.clock), and would then keep the attacker's limits where they were.
        return _time.monotonic() + self.offset

    sleep = staticmethod(_time.sleep)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(store_database, "time", fake)
    return fake


@pytest.fixture
def app(sqlite_store_url, monkeypatch, clock):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    return Starlette(routes=web.participant_routes())


@pytest.fixture
def client(app):
    """One client for every phone (its cookies cleared between two), the app run in place."""
    with in_place_client(app) as shared:
        yield shared


def answer(client, room, option: str, address: str, question=QUESTION, **fields):
    form = {"option": option, "round": str(room.round), "question": question.id, **fields}
    headers = {"x-real-ip": address}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form, headers=headers)


def join(client, room, address: str, clock: Clock, patience: int = 40) -> int:
    """A new phone from this address (its cookie now in `client`); on "too many at once" the
    attacker waits 2.1 s (on the fake clock) and tries again, as the red team did. The last
    status: 200 when it was let in."""
    for _ in range(patience):
        client.cookies.clear()
        status = client.get(f"/join/{room.code}?lang=en", headers={"x-real-ip": address})
        if status.status_code != 429:
            return status.status_code
        clock.offset += 2.1
    return 429


def new_room(question=QUESTION):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, question.id)
    return store.room(room.code)


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


def padded_trial(client, clock: Clock, addresses: list[str], victim: str, seed: int) -> dict:
    """One trial of the red team's attack: the victim answers from its own address, then the
    laptop joins `min_group` phones per option over its addresses, each phone on one option,
    until every address is turned away; after close, each surface is read."""
    room = new_room()
    own = f"127.1.{seed // 250}.{seed % 250 + 1}"
    assert join(client, room, own, clock) == 200
    assert answer(client, room, victim, own).status_code == 303
    wanted = [option for option in QUESTION.values for _ in range(QUESTION.min_group)]
    refused: set[str] = set()
    placed = turn = 0
    while wanted and len(refused) < len(addresses):
        address = addresses[turn % len(addresses)]
        turn += 1
        if address in refused:
            continue
        if join(client, room, address, clock) != 200:
            refused.add(address)
            continue
        if answer(client, room, wanted[0], address).status_code == 303:
            placed += 1
            wanted.pop(0)
    current_store().close_answers(room.code)
    guesses = {}
    for name, read in SURFACES.items():
        figures = read(room.code, QUESTION)
        guesses[name] = (red_team_guess(figures, QUESTION.min_group), best_guess(figures))
    return {"placed": placed, "guesses": guesses}


@pytest.mark.parametrize("count", [1, 10])
def test_padding_a_personal_question_recovers_no_one_in_a_hundred_trials(client, clock, count):
    """N1: from one address, then from ten, the laptop pads every option with min_group
    phones. Before, it placed all it needed (48 when the question had six answers) and the
    victim's option read 9 in every trial."""
    addresses = [f"127.0.{n + 1}.1" for n in range(count)]
    rng = random.Random(21 + count)
    recovered = {name: 0 for name in SURFACES}
    most = 0
    for trial in range(100):
        victim = rng.choice(QUESTION.values)
        outcome = padded_trial(client, clock, addresses, victim, trial)
        most = max(most, outcome["placed"])
        for name, (red, _) in outcome["guesses"].items():
            recovered[name] += red == victim
    assert recovered == {name: 0 for name in SURFACES}, recovered
    # The padding cannot even be placed: a few phones per address, far from min_group × 8.
    assert most <= count * settings.phones_per_address(), most


def test_a_partial_attack_with_ten_addresses_guesses_no_better_than_chance(client, clock):
    """What ten addresses can place (two phones each) on two options, read as well as the
    figures allow: its guesses of the victim's option are near chance (one in eight), and
    under what the blur allows (ε = 1 for one answer: e / (e + 7), about 28 in 100)."""
    addresses = [f"127.0.{n + 1}.1" for n in range(10)]
    rng = random.Random(7)
    hits = {name: 0 for name in SURFACES}
    trials = 100
    for trial in range(trials):
        victim = QUESTION.values[trial % len(QUESTION.values)]  # each answer as often
        room = new_room()
        own = f"127.2.{trial // 250}.{trial % 250 + 1}"
        assert join(client, room, own, clock) == 200
        assert answer(client, room, victim, own).status_code == 303
        for n in range(20):  # two options, ten phones each, as far as the room lets them in
            if join(client, room, addresses[n % 10], clock) == 200:
                answer(client, room, QUESTION.option_ids[n % 2], addresses[n % 10])
        current_store().close_answers(room.code)
        for name, read in SURFACES.items():
            guess = best_guess(read(room.code, QUESTION))
            if guess is None:  # nothing to read: the attacker guesses among the options
                guess = rng.choice(QUESTION.values)
            hits[name] += guess == victim
    chance = trials / len(QUESTION.values)
    print(f"partial attack, right guesses: {hits} of {trials} (a blind guess: {chance:.0f})")
    for name, count in hits.items():
        # What ε = 1 per answer allows at most (e / (e + 7) of the trials), with room for the
        # sampling noise of 100 trials (about 4.5): a blind guess is right 12.5 times.
        assert count <= trials * math.e / (math.e + 7) + 5, (name, count, hits)


def test_a_lone_phone_on_the_map_cannot_be_located_in_two_hundred_trials(app):
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
        # its quadrant: one phone, no figure
        assert shown.quadrants["higher_anxiety_higher_avoidance"] is None
    assert told == 0, told


@pytest.mark.parametrize("poll_id", ["comfort-first", "help-ease", "repair-moment", "room-map"])
def test_skips_never_unlock_a_personal_result(client, clock, poll_id):
    """N2: seven "I'd rather not say" and one real answer used to unlock a result that showed
    that one person; skips do not count toward the minimum group, for every kind."""
    question = live_questions(BUNDLE, "en")[f"poll:{poll_id}"]
    store = current_store()
    room = new_room(question)
    real = {"choice": "partner", "scale": "2", "open": "text", "map": "x1y1"}[question.form]
    for n in range(question.min_group):
        address = f"127.3.0.{n + 1}"
        assert join(client, room, address, clock) == 200
        if n == 0:
            fields = {"text": "Talking it through with my sister"} if real == "text" else {}
            assert answer(client, room, real, address, question, **fields).status_code == 303
        else:
            assert answer(client, room, SKIP, address, question).status_code == 303
    store.close_answers(room.code)
    for participant, text, _ in store.tally(room.code).texts:  # the presenter approves it
        store.set_text_status(room.code, room.round, participant, "approved", seen=text)
    shown = result(question, store.tally(room.code))
    assert shown.state == "short", shown
    report = export.room_report(store, BUNDLE, "en", room.code)
    assert report.rounds[-1].result.state == "short"
    page = export.report_html(report, BUNDLE, "en", None)
    assert "my sister" not in page


def test_a_personal_result_reads_the_same_on_every_reread_and_draws_anew_at_each_close(app, clock):
    """The blur is fixed once per close: rereading (the projector every second, the report,
    the CSV) gains nothing; a reopened and closed question draws again."""
    store = current_store()
    room = new_room()
    for n in range(30):
        store.join(room.code, f"p{n}")
        store.submit(room.code, room.round, QUESTION.id, f"p{n}", QUESTION.option_ids[n % 2])
    store.close_answers(room.code)
    first = [result(QUESTION, store.tally(room.code)) for _ in range(5)]
    assert all(shown == first[0] for shown in first)
    assert first[0].blurred and all(bar.count is None or bar.share for bar in first[0].bars)
    draws = set()
    for _ in range(2, 40):
        store.reopen(room.code)
        clock.offset += 10.0  # each close at its own time
        store.close_answers(room.code)
        draws.add(tuple(bar.count for bar in result(QUESTION, store.tally(room.code)).bars))
    assert len(draws) > 3  # each close its own draw (true counts unchanged)


def test_the_blur_is_small_and_centred(app):
    from lien.live.results import Blur

    blur = Blur("secret", 1, 1.0)
    noise = [blur.noise(f"c{n}") for n in range(4000)]
    assert abs(sum(noise) / len(noise)) < 0.2
    assert 0.25 < sum(1 for n in noise if n == 0) / len(noise) < 0.35  # (1 − α) / (1 + α)
    assert max(abs(n) for n in noise) < 30


def _run_on_a_poll(question_id: str):
    """A talk run on this poll slide with its room, as the presenter's projector makes it."""
    from lien.live.runs import current_runs, new_run_id
    from lien.talks import talk_of

    talk = talk_of(BUNDLE, "en", "workshop")
    number = talk.number_of(question_id)
    runs = current_runs()
    run = runs.start(new_run_id(), "workshop", "en", number, talk.slide(number).id)
    store = current_store()
    code = store.open_room().code
    runs.set_room(run.run_id, code)
    store.open_question(code, question_id)
    return runs.run(run.run_id), store, store.room(code)


def test_the_talk_run_route_gives_a_stranger_no_room_marker_and_the_presenter_no_count(
    app, monkeypatch
):
    """N3: /talk-run/<run> needs no sign-in. Its room marker was a hash of the room's size
    and answers, inverted 5 times of 5 while a personal question was hidden. Now a stranger
    gets no marker at all, and the presenter's does not move as personal answers arrive."""
    from lien.live import presenter_token as token
    from lien.web.talk_run import talk_run_routes

    monkeypatch.setenv("LIEN_LIVE_TOKEN", "a-presenter-token-for-this-test")
    run, store, room = _run_on_a_poll(QUESTION.id)
    routes = Starlette(routes=talk_run_routes())
    stranger = TestClient(routes)
    presenter = TestClient(routes)
    cookie = token.session_cookie("a-presenter-token-for-this-test")
    presenter.cookies.set(token.COOKIE, cookie)
    seen, marks = [], []
    for n in range(12):
        seen.append(stranger.get(f"/talk-run/{run.run_id}").json())
        marks.append(presenter.get(f"/talk-run/{run.run_id}").json()["room"])
        store.join(room.code, f"p{n}")
        store.submit(room.code, room.round, QUESTION.id, f"p{n}", "partner")
    assert all("room" not in body for body in seen)
    assert len({str(sorted(body.items())) for body in seen}) == 1  # nothing moves
    assert len(set(marks)) == 1  # the slide shows no count: its marker does not change
    # The old marker, an unkeyed hash of what it held, is not what is served now.
    import hashlib

    for size in range(13):
        words = [room.code, "open", "True", "False", str(size), str(size)]
        guess = hashlib.sha256("\n".join(words).encode()).hexdigest()[:12]
        assert guess not in marks


def test_joins_faster_than_a_real_room_s_are_seen_and_stopped_in_one_click(client, clock):
    """F1′: 300 phones from 300 addresses within seconds. The presenter is told (more than
    JOIN_ALERT's count in its seconds), one click stops new phones (those in go on answering,
    the turned-away get a calm page in their language), another lets them in again."""
    from lien.live.questions import live_questions as questions_of

    store = current_store()
    room = new_room(questions_of(BUNDLE, "en")["poll:alliance-weight"])
    alliance = questions_of(BUNDLE, "en")["poll:alliance-weight"]
    for n in range(300):
        assert join(client, room, f"127.4.{n // 250}.{n % 250 + 1}", clock) == 200
    count, seconds = settings.JOIN_ALERT
    assert store.recent_joins(room.code, seconds) > count
    store.stop_joins(room.code)
    # The last phone in (its cookie still in the client) answers as before.
    assert answer(client, room, "moderate", "127.4.1.50", alliance).status_code == 303
    client.cookies.clear()
    turned = client.get(f"/join/{room.code}?lang=fr", headers={"x-real-ip": "127.5.0.1"})
    assert turned.status_code == 503
    assert "La salle ne prend plus de nouveaux téléphones" in turned.text
    assert store.tally(room.code).participants == 300
    assert join(client, room, "127.5.0.2", clock) == 503
    store.stop_joins(room.code, False)
    assert join(client, room, "127.5.0.3", clock) == 200
    assert answer(client, room, "moderate", "127.5.0.3", alliance).status_code == 303


def test_a_talk_s_room_takes_its_own_number_of_phones_and_per_address(client, clock):
    store = current_store()
    code = store.open_room(max_phones=3, per_address=1).code
    store.open_question(code, QUESTION.id)
    room = store.room(code)
    assert join(client, room, "127.6.0.1", clock) == 200
    assert join(client, room, "127.6.0.1", clock) == 403  # one phone per address here
    assert join(client, room, "127.6.0.2", clock) == 200
    assert join(client, room, "127.6.0.3", clock) == 200
    assert join(client, room, "127.6.0.4", clock) == 503  # full at three
    assert store.room(code).participants == 3

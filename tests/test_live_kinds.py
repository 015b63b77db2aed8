"""Every kind of question on the phone, and the small-room rules on the projector, the report
and the CSV (rooms of 3, 7, 8 and 40 phones)."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import replace

import pytest
from markupsafe import escape
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live import export, settings
from lien.live.questions import fold_plurals, live_questions, map_cell, normal_words
from lien.live.results import result
from lien.live.store import current_store
from lien.web import phone as web


@pytest.fixture
def app(sqlite_store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    return Starlette(routes=web.participant_routes())


def opened(question_id: str):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, question_id)
    return store, store.room(room.code)


def phone(app, n: int, lang: str = "en") -> TestClient:
    client = TestClient(
        app, follow_redirects=False, headers={"x-real-ip": f"10.0.{n // 250}.{n % 250}"}
    )
    client.lang = lang
    return client


def post(client, room, path="answer", **fields):
    form = {"round": str(room.round), "question": room.question_id, **fields}
    return client.post(f"/join/{room.code}/{path}?lang={client.lang}", data=form)


def room_of(app, question_id: str, phones: int, answer_of):
    """A room where `phones` phones answered; answer_of(n) gives each one's form fields."""
    store, room = opened(question_id)
    for n in range(phones):
        client = phone(app, n)
        assert client.get(f"/join/{room.code}").status_code == 200
        assert post(client, room, **answer_of(n)).status_code == 303
    return store, room


def question(bundle, poll_id, lang="en"):
    return live_questions(bundle, lang)[f"poll:{poll_id}"]


def test_every_kind_is_a_plain_form_that_needs_no_javascript(app, bundle):
    for poll in bundle.polls["en"]:
        _store, room = opened(f"poll:{poll.id}")
        page = phone(app, 1).get(f"/join/{room.code}?lang=en").text
        assert '<form method="post"' in page, poll.id
        assert str(escape(poll.prompt)) in page


def test_a_scale_shows_its_ends_and_the_personal_skip_and_keeps_the_answer(app, bundle):
    store, room = opened("poll:help-ease")
    client = phone(app, 1)
    page = client.get(f"/join/{room.code}?lang=en").text
    assert 'value="7"' in page and "very hard" in page and "very easy" in page
    assert "I&#39;d rather not say" in page
    assert post(client, room, option="8").status_code == 400  # no such point
    assert post(client, room, option="3").status_code == 303
    assert store.tally(room.code).counts == {"3": 1}


@pytest.mark.parametrize(
    ("lang", "ends"), [("fr", "1\u00a0: très difficile"), ("en", "1: very hard")]
)
def test_a_scale_names_its_ends_in_content_s_punctuation(app, lang, ends):
    _store, room = opened("poll:help-ease")
    page = html.unescape(phone(app, 1, lang).get(f"/join/{room.code}?lang={lang}").text)
    assert f"<span>{ends}</span>" in page


def test_words_are_normalised_and_content_s_list_hides_words_before_they_are_stored(app):
    assert normal_words(["  Écoute ", "écoute", "PATIENCE!", ""], 3) == ["écoute", "patience"]
    store, room = opened("poll:trustworthy-carer")
    client = phone(app, 1)
    client.get(f"/join/{room.code}")
    assert (
        post(client, room, option="words", w1="Écoute", w2="idiot", w3="Présence").status_code
        == 303
    )
    assert store.tally(room.code).words == {"écoute": 1, "présence": 1}


def test_a_cloud_that_folds_plurals_counts_them_with_their_singular_only_when_both_came(
    app, bundle
):
    assert fold_plurals({"écoutes": 2, "écoute": 1, "stress": 3, "cadeaux": 1, "cadeau": 1}) == {
        "écoute": 3,
        "stress": 3,
        "cadeau": 2,
    }
    assert fold_plurals({"temps": 2, "calme": 1}) == {"temps": 2, "calme": 1}
    q = question(bundle, "trustworthy-carer")
    assert q.fold_plurals  # the shipped cloud folds
    words = ["écoute", "Écoutes", "écoutes", "respect", "temps"]
    store, room = room_of(app, q.id, 5, lambda n: {"option": "words", "w1": words[n]})
    shown = result(q, store.tally(room.code))
    assert dict(shown.words) == {"écoute": 3, "respect": 1, "temps": 1}
    # Without the setting, each form is its own word.
    plain = result(replace(q, fold_plurals=False), store.tally(room.code))
    assert dict(plain.words) == {"écoute": 1, "écoutes": 2, "respect": 1, "temps": 1}


def test_the_presenter_can_hide_a_word_from_the_cloud(app, bundle):
    store, room = room_of(
        app,
        "poll:trustworthy-carer",
        3,
        lambda n: {"option": "words", "w1": "écoute", "w2": f"w{n}"},
    )
    store.hide_word(room.code, room.round, "w1")
    shown = result(question(bundle, "trustworthy-carer"), store.tally(room.code))
    assert dict(shown.words) == {"écoute": 3, "w0": 1, "w2": 1}


def test_an_open_text_is_projected_only_once_approved(app, bundle):
    store, room = room_of(
        app, "poll:repair-moment", 8, lambda n: {"option": "text", "text": f"Talking {n}"}
    )
    store.close_answers(room.code)
    q = question(bundle, "repair-moment")
    assert result(q, store.tally(room.code)).texts == ()
    participant = store.tally(room.code).texts[2][0]
    store.set_text_status(room.code, room.round, participant, "approved", seen="Talking 2")
    assert result(q, store.tally(room.code)).texts == ("Talking 2",)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_personal_question_offers_i_d_rather_not_say(app, bundle, lang):
    personal = [q for q in live_questions(bundle, lang).values() if q.personal]
    assert {q.form for q in personal} >= {"choice", "scale", "open", "map"}
    for n, q in enumerate(personal):
        _, room = opened(q.id)
        page = phone(app, n, lang).get(f"/join/{room.code}?lang={lang}").text
        assert 'name="option" value="skip"' in page, q.id
        assert str(escape(bundle.ui[lang]["join.skip"])) in page, q.id


def test_a_skipped_open_text_is_never_a_text_and_does_not_unlock_the_texts(app, bundle, no_blur):
    ui = bundle.ui["en"]
    store, room = opened("poll:repair-moment")
    clients = [phone(app, n) for n in range(8)]
    for n, client in enumerate(clients):
        assert client.get(f"/join/{room.code}").status_code == 200
        fields = {"option": "skip"} if n < 3 else {"option": "text", "text": f"Talking {n}"}
        assert post(client, room, **fields).status_code == 303
    skipped = [a for a in store.answers(room.code) if a.option_id == "skip"]
    assert len(skipped) == 3 and all(a.text is None and a.status is None for a in skipped)
    page = html.unescape(clients[0].get(f"/join/{room.code}?lang=en").text)
    assert ui["join.your_answer"].format(option=ui["join.skip"]) in page
    assert re.search(r"<textarea[^>]*></textarea>", page)  # not the skip's words as a text
    store.close_answers(room.code)
    q = question(bundle, "repair-moment")
    assert result(q, store.tally(room.code)).state == "short"  # 8 answered, but 3 skipped
    assert [t for _, t, _ in store.tally(room.code).texts] == [f"Talking {n}" for n in range(3, 8)]
    # A question that is not personal offers no skip and takes none.
    store, room = opened("poll:trustworthy-carer")
    client = phone(app, 20)
    assert 'value="skip"' not in client.get(f"/join/{room.code}?lang=en").text
    assert post(client, room, option="skip").status_code == 400


def test_audience_questions_are_approved_upvoted_once_per_phone_and_ranked(app, bundle):
    store, room = opened("poll:room-questions")
    phones = [phone(app, n) for n in range(4)]
    for client in phones:
        client.get(f"/join/{room.code}")
    assert post(phones[0], room, "ask", text="How does repair start?").status_code == 303
    assert post(phones[1], room, "ask", text="Is it ever too late?").status_code == 303
    first, second = sorted(store.tally(room.code).asks, key=lambda a: a.asked_at)
    assert post(phones[2], room, "vote", ask=str(first.id)).status_code == 409  # not approved yet
    store.set_ask_status(room.code, first.id, "approved")
    store.set_ask_status(room.code, second.id, "approved")
    for client in phones[1:]:
        assert post(client, room, "vote", ask=str(second.id)).status_code == 303
    assert post(phones[3], room, "vote", ask=str(second.id)).status_code == 303  # counted once
    page = phones[2].get(f"/join/{room.code}?lang=en").text
    assert "Is it ever too late?" in page and "Supported" in page
    shown = result(question(bundle, "room-questions"), store.tally(room.code))
    assert [(a.text, a.votes) for a in shown.asks] == [
        ("Is it ever too late?", 3),
        ("How does repair start?", 0),
    ]


def test_a_phone_may_ask_three_questions_at_most(app):
    _store, room = opened("poll:room-questions")
    client = phone(app, 1)
    client.get(f"/join/{room.code}")
    statuses = [post(client, room, "ask", text=f"Question {n}").status_code for n in range(4)]
    assert statuses == [303, 303, 303, 409]


@pytest.mark.parametrize("phones", [3, 7, 8, 40])
def test_a_personal_question_shows_nothing_below_its_group_and_hides_small_groups(
    app, bundle, phones, no_blur
):
    q = question(bundle, "comfort-first")
    options = ["partner", "friend", "family", "professional", "someone-else", "no-one", "alone"]
    options.append("skip")
    # 40 phones: partner 20, friend 12, family 5, professional 2, alone 0, skip 1.
    spread = ["partner"] * 20 + ["friend"] * 12 + ["family"] * 5 + ["professional"] * 2 + ["skip"]
    store, room = room_of(app, q.id, phones, lambda n: {"option": spread[n]})
    assert result(q, store.tally(room.code)).state == "hidden"  # open: nothing, whatever the size
    store.close_answers(room.code)
    shown = result(q, store.tally(room.code))
    report = export.room_report(store, bundle, "en", room.code)
    table = export.answers_csv(
        store.answers(room.code), room.code, bundle=bundle, lang="en", report=report
    )
    rows = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))
    html = export.report_html(report, bundle, "en", None)
    if phones < 8:
        assert shown.state == "short" and shown.needed == 8 - phones and shown.bars == ()
        assert [r["answer"] for r in rows] == ["fewer than 8"]
        assert "Fewer than 8 answers" in html
        return
    assert shown.state == "shown" and shown.total is None  # no total: it would give groups away
    # No count: each group's share of the answers, rounded to 5 %, or nothing when small.
    shares = {bar.key: bar.share for bar in shown.bars}
    assert set(shares) == set(options)
    for key, share in shares.items():
        real = spread[:phones].count(key)
        expected = 5 * round(100 * real / phones / 5) if real >= 8 else None
        assert share == expected, (key, share, real)
    assert all(r["participant"] == "" for r in rows)  # never one row per phone
    by_key = {r["answer_id"]: r["count"] for r in rows}
    assert by_key["partner"] == ("100%" if phones == 8 else "50%")
    assert "answer(s) in all" not in html
    if phones == 40:
        assert by_key["friend"] == "30%" and by_key["family"] == "fewer than 8"


def test_the_room_s_map_sends_a_cell_and_shows_a_density_only_once_closed_and_enough(
    app, bundle, no_blur
):
    assert map_cell(1.0, 7.0) == "x1y4" and map_cell(4.0, 4.0) == "x3y3"
    q = question(bundle, "room-map")
    store, room = opened(q.id)
    page = phone(app, 1).get(f"/join/{room.code}?lang=en").text
    statements = bundle.reflection["en"].statements
    assert all(str(escape(s.text)) in page for s in statements)
    assert 'name="option" value="" id="map-cell"' in page  # the answers have no form to go in
    assert str(escape(bundle.safety["en"].intro)) in page
    for n in range(40):
        client = phone(app, n)
        client.get(f"/join/{room.code}")
        assert post(client, room, option=f"x{n % 4 + 1}y{n % 3 + 1}").status_code == 303
    assert post(phone(app, 99), room, option="x9y9").status_code == 400
    assert result(q, store.tally(room.code)).state == "hidden"
    store.close_answers(room.code)
    shown = result(q, store.tally(room.code))
    assert shown.state == "shown" and max(shown.density.values()) == 1.0
    assert set(shown.density) == {f"x{x}y{y}" for x in range(1, 5) for y in range(1, 5)}
    lower = sum(1 for n in range(40) if n % 4 < 2 and n % 3 < 2)
    higher = sum(1 for n in range(40) if n % 4 >= 2 and n % 3 >= 2)
    assert shown.quadrants["lower_anxiety_lower_avoidance"] == 5 * round(100 * lower / 40 / 5)
    assert higher < 8
    assert shown.quadrants["higher_anxiety_higher_avoidance"] is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_map_page_lists_every_helpline_of_its_language_with_its_cost_and_hours(
    app, bundle, lang
):
    _store, room = opened("poll:room-map")
    page = html.unescape(phone(app, 1, lang).get(f"/join/{room.code}?lang={lang}").text)
    safety = re.search(r'<div class="safety">(.*?)</div>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", safety)
    ui = bundle.ui[lang]
    lines = 0
    for place in bundle.safety[lang].places:
        assert place.place in text, place.place
        for line in place.lines:
            helpline = bundle.helplines_by_id[line.id]
            # content's line (safety.line), its punctuation typeset: "3114 : Numéro … (gratuit, …)"
            shown = ui["safety.line"].format(
                number=helpline.number.replace(" ", "\u00a0"),
                label=line.label,
                cost=ui[f"safety.cost_{helpline.cost}"],
                hours=ui[f"safety.hours_{helpline.hours}"],
            )
            assert shown.replace("**", "") in text, shown
            lines += 1
    assert lines == sum(len(p.lines) for p in bundle.safety[lang].places) > 4
    assert " · " not in text  # the code's own separator is gone
    if lang == "fr":
        assert "\u00a0: " in text and not re.search(r"\d : ", text)  # no ordinary space


@pytest.mark.parametrize(
    ("lang", "line"), [("fr", "Participants\u00a0: 2"), ("en", "Participants: 2")]
)
def test_the_report_says_how_many_took_part_in_content_s_words_and_punctuation(
    app, bundle, lang, line
):
    store, room = room_of(app, "poll:alliance-weight", 2, lambda n: {"option": "moderate"})
    report = export.room_report(store, bundle, lang, room.code)
    page = html.unescape(export.report_html(report, bundle, lang, None))
    meta = re.search(r'<p class="meta">(.*?)</p>', page, re.S).group(1)
    assert line in meta, meta


def test_a_room_of_seven_sees_no_map(app, bundle):
    q = question(bundle, "room-map")
    store, room = room_of(app, q.id, 7, lambda n: {"option": "x1y1"})
    store.close_answers(room.code)
    assert result(q, store.tally(room.code)).state == "short"


def test_results_never_shows_nothing_on_the_projector_but_the_report_has_them(bundle):
    from dataclasses import replace

    q = replace(question(bundle, "alliance-weight"), results="never")
    store, room = opened(q.id)
    store.join(room.code, "p" * 16)
    store.submit(room.code, room.round, q.id, "p" * 16, "none")
    tally = store.tally(room.code)
    assert result(q, tally).state == "never"
    assert result(q, tally, for_report=True).bars[0].count == 1


def test_the_csv_has_texts_local_times_a_bom_semicolons_in_french_and_no_formulas(app, bundle):
    store, room = opened("poll:repair-moment")
    client = phone(app, 1, "fr")
    client.get(f"/join/{room.code}")
    from dataclasses import replace

    from lien.live import export as module

    report = module.room_report(store, bundle, "fr", room.code)
    q = replace(report.rounds[0].question, personal=False)
    report = replace(report, rounds=(replace(report.rounds[0], question=q),))
    store.answer(
        room.code, room.round, q.id, "x" * 16, "text", '=HYPERLINK("http://x")', status="approved"
    )
    table = module.answers_csv(
        store.answers(room.code), room.code, bundle=bundle, lang="fr", report=report
    )
    assert table.startswith("\ufeffroom;round;")
    assert "'=HYPERLINK" in table and ";=HYPERLINK" not in table and '"=HYPERLINK' not in table
    assert "x" * 16 not in table  # no participant token, a pseudonym

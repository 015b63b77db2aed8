"""The store's answers: a phone's answer, the audience's questions and votes, moderation,
and what the presenter reads back (the round's tally, every answer for the export)."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select, update

from lien.live.records import (
    ASK_STATUSES,
    TEXT_STATUSES,
    AnswerRow,
    Ask,
    Room,
    RoundRow,
    Tally,
    normal_code,
)
from lien.live.store.limits import Limits
from lien.live.store.rooms import room_changes
from lien.live.store.schema import ANSWER_ROW, answers, asks, hidden_words, members, rounds
from lien.live.store.schema import votes as votes_table


class Answers(Limits):
    def answer(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        option_id: str,
        text: str | None = None,
        *,
        flood: tuple[float, float] | None = None,
        status: str | None = None,
    ) -> str:
        """Store (or replace) one answer: "stored", "closed", "paused", "too_fast" or "gone".

        The room's phase, round, question and pause are checked inside the insert itself, so
        an answer racing with "close" or "next" is either stored before it or refused.
        `flood` = (burst, per second) limits this phone's tries, in the same transaction.
        """
        now = self.now()
        code = normal_code(code)
        values = {
            "b_code": code,
            "b_round": round_,
            "b_question_id": question_id,
            "b_participant": participant,
            "b_option_id": option_id,
            "b_now": now,
            "b_text": text,
            "b_status": status,
        }
        with self.transaction() as conn:
            if flood and not self.take(conn, f"answer:{code}:{participant}", *flood, now):
                return "too_fast"
            if conn.execute(self.sql.answer, values).first() is not None:
                return "stored"
            room = conn.execute(self.sql.room, values).first()
        if room is None:
            return "gone"
        return "paused" if room.paused else "closed"

    def submit(
        self, code: str, round_: int, question_id: str, participant: str, option_id: str
    ) -> bool:
        """Store (or replace) one choice; False when the question is not open."""
        return self.answer(code, round_, question_id, participant, option_id) == "stored"

    def answer_row(self, code: str, round_: int, participant: str) -> AnswerRow | None:
        values = {"b_code": normal_code(code), "b_round": round_, "b_participant": participant}
        with self.transaction(write=False) as conn:
            row = conn.execute(self.sql.answer_row, values).first()
        return AnswerRow(*row) if row else None

    # --- the audience's questions -----------------------------------------------------------

    def ask(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        text_: str,
        *,
        flood: tuple[float, float] | None = None,
        per_phone: int = 3,
    ) -> str:
        """A phone asks the speaker: "stored", "closed", "paused", "too_fast", "enough", "gone"."""
        now = self.now()
        code = normal_code(code)
        with self.transaction() as conn:
            if flood and not self.take(conn, f"ask:{code}:{participant}", *flood, now):
                return "too_fast"
            room = conn.execute(self.sql.room, {"b_code": code, "b_now": now}).first()
            if room is None:
                return "gone"
            if room.paused:
                return "paused"
            if room.phase != "open" or room.round != round_ or room.question_id != question_id:
                return "closed"
            mine = conn.execute(
                select(func.count())
                .select_from(asks)
                .where(
                    asks.c.room_code == code,
                    asks.c.round == round_,
                    asks.c.participant == participant,
                )
            ).scalar_one()
            if mine >= per_phone:
                return "enough"
            conn.execute(
                asks.insert().values(
                    room_code=code,
                    round=round_,
                    participant=participant,
                    text=text_,
                    asked_at=now,
                    status="pending",
                    votes=0,
                )
            )
        return "stored"

    def vote(self, code: str, ask_id: int, participant: str) -> str:
        """One upvote per phone per question: "stored", "known", "closed" or "gone"."""
        now = self.now()
        code = normal_code(code)
        with self.transaction() as conn:
            room = conn.execute(self.sql.room, {"b_code": code, "b_now": now}).first()
            if room is None:
                return "gone"
            target = conn.execute(
                select(asks.c.id).where(
                    asks.c.id == ask_id,
                    asks.c.room_code == code,
                    asks.c.round == room.round,
                    asks.c.status == "approved",
                )
            ).first()
            if target is None or room.paused or room.phase != "open":
                return "closed"
            stmt = self.syntax.insert(votes_table).values(ask_id=ask_id, participant=participant)
            stmt = stmt.values(room_code=code).on_conflict_do_nothing()
            if conn.execute(stmt.returning(votes_table.c.ask_id)).first() is None:
                return "known"
            conn.execute(update(asks).where(asks.c.id == ask_id).values(votes=asks.c.votes + 1))
        return "stored"

    def voted(self, code: str, participant: str) -> set[int]:
        with self.transaction(write=False) as conn:
            rows = conn.execute(
                select(votes_table.c.ask_id).where(
                    votes_table.c.room_code == normal_code(code),
                    votes_table.c.participant == participant,
                )
            ).all()
        return {row[0] for row in rows}

    # --- moderation -----------------------------------------------------------------------

    def set_ask_status(self, code: str, ask_id: int, status: str) -> None:
        if status not in ASK_STATUSES:
            raise ValueError(status)
        with self.transaction() as conn:
            conn.execute(
                update(asks)
                .where(asks.c.id == ask_id, asks.c.room_code == normal_code(code))
                .values(status=status)
            )
        room_changes[normal_code(code)] += 1

    def set_text_status(
        self, code: str, round_: int, participant: str, status: str, *, seen: str | None = None
    ) -> bool:
        """Approve or hide a phone's free text; False when nothing changed.

        Approving is bound to the text the presenter saw (`seen`, required): a phone that
        replaced its text meanwhile keeps the new one pending, for a new approval. Hiding
        needs no match: whatever the phone wrote is hidden.
        """
        if status not in TEXT_STATUSES:
            raise ValueError(status)
        if status == "approved" and seen is None:
            raise ValueError("approving needs the text that was seen")
        same = answers.c.text == seen if status == "approved" else answers.c.text.is_not(None)
        with self.transaction() as conn:
            changed = conn.execute(
                update(answers)
                .where(
                    answers.c.room_code == normal_code(code),
                    answers.c.round == round_,
                    answers.c.participant == participant,
                    same,
                )
                .values(status=status)
                .returning(answers.c.participant)
            ).first()
        return changed is not None

    def hide_word(self, code: str, round_: int, word: str, hidden: bool = True) -> None:
        code = normal_code(code)
        with self.transaction() as conn:
            if hidden:
                stmt = self.syntax.insert(hidden_words).values(
                    room_code=code, round=round_, word=word
                )
                conn.execute(stmt.on_conflict_do_nothing())
            else:
                conn.execute(
                    delete(hidden_words).where(
                        hidden_words.c.room_code == code,
                        hidden_words.c.round == round_,
                        hidden_words.c.word == word,
                    )
                )

    # --- what the presenter reads ---------------------------------------------------------

    def tally(self, code: str, round_: int | None = None) -> Tally | None:
        """The current round (or `round_`) of the room as counts, words, texts and asks."""
        values = {"b_code": normal_code(code), "b_now": self.now()}
        with self.transaction(write=False) as conn:
            row = conn.execute(self.sql.room, values).first()
            if row is None:
                return None
            room = Room(**row._mapping)
            number = room.round if round_ is None else round_
            where = and_(answers.c.room_code == room.code, answers.c.round == number)
            rows = conn.execute(
                select(answers.c.option_id, func.count()).where(where).group_by(answers.c.option_id)
            ).all()
            written = conn.execute(
                select(answers.c.participant, answers.c.text, answers.c.status)
                .where(where, answers.c.text.is_not(None))
                .order_by(answers.c.answered_at)
            ).all()
            hidden = set(
                conn.execute(
                    select(hidden_words.c.word).where(
                        hidden_words.c.room_code == room.code, hidden_words.c.round == number
                    )
                ).scalars()
            )
            asked = conn.execute(
                select(asks.c.id, asks.c.text, asks.c.status, asks.c.votes, asks.c.asked_at)
                .where(asks.c.room_code == room.code, asks.c.round == number)
                .order_by(asks.c.votes.desc(), asks.c.asked_at)
            ).all()
            closed_at = conn.execute(
                select(rounds.c.closed_at).where(
                    rounds.c.room_code == room.code, rounds.c.round == number
                )
            ).scalar()
        counts = {option: count for option, count in rows}
        words: dict[str, int] = {}
        texts = []
        for participant, value, status in written:
            if status is None:  # a word cloud's words, one per line
                for word in dict.fromkeys(value.split("\n")):
                    if word and word not in hidden:
                        words[word] = words.get(word, 0) + 1
            else:
                texts.append((participant, value, status))
        return Tally(
            room,
            room.participants,
            counts,
            answered=sum(counts.values()),
            words=words,
            hidden=frozenset(hidden),
            texts=tuple(texts),
            asks=tuple(Ask(*row) for row in asked),
            number=number,
            closed_at=closed_at,
        )

    def answers(self, code: str) -> list[AnswerRow]:
        """Every answer of the room, oldest round first, for the CSV export."""
        with self.transaction(write=False) as conn:
            rows = conn.execute(
                select(*ANSWER_ROW)
                .where(answers.c.room_code == normal_code(code))
                .order_by(answers.c.round, answers.c.answered_at, answers.c.participant)
            ).all()
        return [AnswerRow(*row) for row in rows]

    def rounds(self, code: str) -> list[RoundRow]:
        with self.transaction(write=False) as conn:
            rows = conn.execute(
                select(
                    rounds.c.round,
                    rounds.c.question_id,
                    rounds.c.opened_at,
                    rounds.c.closed_at,
                    rounds.c.revealed_at,
                )
                .where(rounds.c.room_code == normal_code(code))
                .order_by(rounds.c.round)
            ).all()
        return [RoundRow(*row) for row in rows]

    def member_order(self, code: str) -> dict[str, int]:
        """Each participant's number in the room by order of joining: its pseudonym."""
        with self.transaction(write=False) as conn:
            rows = conn.execute(
                select(members.c.participant)
                .where(members.c.room_code == normal_code(code))
                .order_by(members.c.joined_at, members.c.participant)
            ).all()
        return {row[0]: number for number, row in enumerate(rows, start=1)}

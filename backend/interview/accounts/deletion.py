"""Deleting an account: the user and everything they own, in one transaction, for good."""

from __future__ import annotations

from uuid import UUID

from interview.accounts.passwords import verify_password
from interview.db.tables import InterviewSession, User
from interview.db.transactions import in_transaction
from interview.errors import BadUserInput, NotFound


async def delete_account(user_id: UUID, password: str) -> list[UUID]:
    """Remove the user with all they own; returns the ids of their interviews, now gone.

    The foreign keys cascade: deleting the sessions removes their questions, answers, audio,
    feedback, live metrics, reports (with their share links) and live connections; deleting the
    user removes the API tokens and anything else still naming the user. The user's row is
    locked first, so an interview started meanwhile waits and then finds no user.
    """
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    if row is None:
        raise NotFound("No such account.")
    if not await verify_password(row["password_hash"], password):
        raise BadUserInput("The password is wrong: nothing was deleted.", field="password")

    async def write() -> list[UUID]:
        if not await User.select(User.id).where(User.id == user_id).lock_rows("UPDATE"):
            raise NotFound("No such account.")
        sessions = (
            await InterviewSession.delete()
            .where(InterviewSession.user == user_id)
            .returning(InterviewSession.id)
        )
        await User.delete().where(User.id == user_id)
        return [session["id"] for session in sessions]

    return await in_transaction(write)

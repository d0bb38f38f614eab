"""deleteInterview and deleteAccount: the contract's "Data ownership"."""

from __future__ import annotations

import strawberry

from interview.accounts.principal import Scope
from interview.errors import Forbidden
from interview.graphql.context import Info
from interview.graphql.decorators import described_mutation
from interview.interviews import deletion


@strawberry.type
class DeletionMutation:
    @described_mutation(
        "Removes the session and all it owns, at once and for good (see Data ownership). "
        "INTERVIEW scope or a login token."
    )
    async def delete_interview(self, info: Info, session_id: strawberry.ID) -> bool:
        principal = info.context.user(Scope.INTERVIEW)
        services = info.context.services
        await deletion.delete_interview(
            principal.user_id, session_id, services.broker, services.media_storage
        )
        return True

    @described_mutation(
        "Removes the caller's account and all its data, for good. Login token only; a wrong "
        "password is BAD_USER_INPUT."
    )
    async def delete_account(self, info: Info, password: str) -> bool:
        principal = info.context.user()
        if not principal.is_login:
            raise Forbidden("Only a login token can delete an account, not an API token.")
        services = info.context.services
        await deletion.delete_account(principal.user_id, password, services.broker, services.media_storage)
        return True

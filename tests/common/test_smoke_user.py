"""`manage.py smoke_user`: the smoke test's throwaway account, and nobody else's."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts import permissions, twofactor
from accounts.models import User
from tests.second_factor import enrol


def run(*arguments) -> str:
    out = io.StringIO()
    call_command("smoke_user", *arguments, stdout=out)
    return out.getvalue().strip()


def test_create_makes_an_iom_account_with_a_password_and_an_app(db):
    account = json.loads(run("create"))

    user = User.objects.get(username=account["username"])
    assert account["username"].startswith("smoke-test-")
    assert user.check_password(account["password"])
    assert permissions.is_iom(user)
    assert twofactor.has_second_factor(user)


def test_code_is_the_one_the_app_shows_and_is_accepted_once(db):
    username = json.loads(run("create"))["username"]
    user = User.objects.get(username=username)

    code = run("code", username)

    assert twofactor.check_code(user, code).outcome is twofactor.Outcome.ACCEPTED
    assert twofactor.check_code(user, code).outcome is twofactor.Outcome.REPLAYED


def test_delete_removes_the_account(db):
    username = json.loads(run("create"))["username"]

    run("delete", username)

    assert not User.objects.filter(username=username).exists()


def test_a_real_persons_code_is_never_printed_nor_their_account_deleted(iom_user):
    enrol(iom_user)

    for action in ("code", "delete"):
        with pytest.raises(CommandError, match="not a smoke-test account"):
            run(action, iom_user.username)

    assert User.objects.filter(pk=iom_user.pk).exists()


def test_cleanup_removes_every_smoke_account_and_only_them(iom_user):
    for _index in range(2):
        run("create")

    run("cleanup")

    assert list(User.objects.values_list("username", flat=True)) == [iom_user.username]

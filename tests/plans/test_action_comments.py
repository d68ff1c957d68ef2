"""Comment threads on a plan's actions: the council that owns the plan and IOM staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from notifications.kinds import Kind
from notifications.models import Notification
from plans.models import ActionComment, PlanAction
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    translation.activate("en")


@pytest.fixture
def action(oriental_plan):
    return PlanAction.objects.get(code="1.1")


def post(client, action, text="Quel calendrier pour Oujda ?"):
    return client.post(reverse("plans:comment_create", args=[action.pk]), {"text": text})


def test_the_council_viewer_comments_on_its_plans_action(client, council_user, action):
    client.force_login(council_user)
    response = post(client, action)
    assert response.status_code == 302
    comment = ActionComment.objects.get()
    assert (comment.action, comment.author) == (action, council_user)
    page = client.get(reverse("plans:plan_detail", args=[action.axis.plan_id]))
    assert "Quel calendrier pour Oujda ?" in page.text


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_reply_and_see_every_comment(client, users, role, council_user, action):
    ActionComment.objects.create(action=action, author=council_user, text="Question du conseil")
    client.force_login(users[role])
    page = client.get(reverse("plans:plan_detail", args=[action.axis.plan_id]))
    assert "Question du conseil" in page.text
    assert post(client, action, "Réponse de l’OIM").status_code == 302
    assert ActionComment.objects.filter(author=users[role]).count() == 1


def test_another_councils_viewer_gets_404(client, souss_council_user, action):
    client.force_login(souss_council_user)
    assert post(client, action).status_code == 404
    assert not ActionComment.objects.exists()


def test_a_partner_gets_404(client, partner_user, action):
    client.force_login(partner_user)
    assert post(client, action).status_code == 404
    assert not ActionComment.objects.exists()


def test_a_viewer_outside_the_council_reads_the_plan_but_neither_posts_nor_reads_comments(
    client, viewer_user, council_user, action
):
    ActionComment.objects.create(action=action, author=council_user, text="Entre nous")
    client.force_login(viewer_user)  # a donor's viewer reads adopted plans
    page = client.get(reverse("plans:plan_detail", args=[action.axis.plan_id]))
    assert page.status_code == 200 and "Entre nous" not in page.text
    assert post(client, action).status_code == 403
    assert ActionComment.objects.count() == 1


def test_an_empty_comment_is_refused_with_a_message(client, council_user, action):
    client.force_login(council_user)
    response = post(client, action, "  ")
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Write the comment before sending it." in page.text
    assert not ActionComment.objects.exists()


def test_a_script_in_a_comment_is_shown_as_text(client, council_user, action):
    client.force_login(council_user)
    post(client, action, "<script>alert('x')</script>")
    page = client.get(reverse("plans:plan_detail", args=[action.axis.plan_id]))
    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page.text


def test_a_comment_on_an_unknown_action_is_404(client, council_user, action):
    client.force_login(council_user)
    response = client.post(reverse("plans:comment_create", args=[9999]), {"text": "?"})
    assert response.status_code == 404


def test_the_council_comment_tells_the_iom_staff_who_follow_the_plan(
    client, iom_user, admin_user, council_user, action
):
    ActionComment.objects.create(action=action, author=iom_user, text="Bienvenue")
    client.force_login(council_user)
    post(client, action)
    told = Notification.objects.filter(kind=Kind.PLAN_COMMENTED)
    assert [n.recipient for n in told] == [iom_user]  # not every IOM person: admin_user isn't
    assert told.get().url == f"/plans/{action.axis.plan_id}/"


def test_a_council_comment_with_no_iom_follower_tells_nobody(
    client, iom_user, council_user, action
):
    client.force_login(council_user)
    post(client, action)
    assert not Notification.objects.exists()


def test_the_iom_reply_tells_the_councils_viewers_only(
    client, iom_user, council_user, souss_council_user, oriental_council, action
):
    partner_of_council = UserFactory(
        username="council_partner", role=User.Role.PARTNER, organisation=oriental_council
    )
    client.force_login(iom_user)
    post(client, action, "Le calendrier est en ligne.")
    told = {n.recipient for n in Notification.objects.filter(kind=Kind.PLAN_ANSWERED)}
    assert told == {council_user}
    assert partner_of_council not in told and souss_council_user not in told


def test_the_council_sees_the_status_moves_of_the_plan_and_its_actions(
    client, iom_user, council_user, action
):
    action.move(PlanAction.Status.IN_PROGRESS, iom_user)
    client.force_login(council_user)
    page = client.get(reverse("plans:plan_detail", args=[action.axis.plan_id]))
    log = page.text.split('data-testid="status-log"')[1].split("</ol>")[0]
    assert "action 1.1" in log and "Planned → In progress" in log


def test_the_plan_page_runs_the_same_queries_with_2_or_20_comments(
    client, council_user, action, django_assert_num_queries
):
    url = reverse("plans:plan_detail", args=[action.axis.plan_id])
    other = OrganisationFactory(name="Autre")
    client.force_login(council_user)
    for i in range(2):
        ActionComment.objects.create(action=action, author=council_user, text=f"c{i}")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(18):
        author = UserFactory(username=f"v{i}", role=User.Role.VIEWER, organisation=other)
        ActionComment.objects.create(action=action, author=author, text=f"d{i}")
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.text.count('data-testid="comment"') == 20


def test_only_a_councils_viewers_choose_how_iom_answers_reach_them(
    client, council_user, viewer_user, oriental_plan
):
    client.force_login(council_user)
    page = client.get(reverse("notifications:preferences"))
    assert 'data-testid="preference-plan_answered"' in page.text
    client.force_login(viewer_user)
    page = client.get(reverse("notifications:preferences"))
    assert 'data-testid="preference-plan_answered"' not in page.text

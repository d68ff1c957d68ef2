"""A project's page shows its changes from the one activity log."""

from django.urls import reverse


def test_a_project_page_shows_its_changes(client, iom_user, project):
    project._history_user = iom_user
    project.title = "Protection des migrants vulnérables, phase 2"
    project.save()
    client.force_login(iom_user)

    html = client.get(reverse("plans:project_detail", args=[project.pk])).text

    history = html[html.index('data-testid="history"') :]
    assert "iom_t" in history and "phase 2" in history

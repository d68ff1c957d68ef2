from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import invitation_views, twofactor_views, user_views
from .forms import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .views import PasswordResetView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisations/", user_views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/users/", user_views.organisation_users, name="organisation_users"),
    path("users/<int:pk>/active/", user_views.set_active, name="user_set_active"),
    path("invitations/new/", invitation_views.invite, name="invite"),
    path("invitations/<int:pk>/resend/", invitation_views.resend, name="invitation_resend"),
    path("invitations/<int:pk>/cancel/", invitation_views.cancel, name="invitation_cancel"),
    path("invitation/<str:token>/", invitation_views.accept, name="invitation_accept"),
    path("two-factor/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/code/", twofactor_views.verify, name="two_factor_verify"),
    path("check/", twofactor_views.identity_check, name="identity_check"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            form_class=PasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=SetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

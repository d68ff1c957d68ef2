"""Account pages that add to Django's own: the password-reset request, limited per client."""

from django.contrib.auth import views as auth_views

from . import throttling


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link, at most AXES_FAILURE_LIMIT times per address and per email address
    within the sign-in cool-off; beyond, the form again with status 429 and nothing sent."""

    def form_valid(self, form):
        if throttling.reset_requests_exceeded(self.request, form.cleaned_data["email"]):
            context = self.get_context_data(
                form=form, throttled_message=throttling.reset_throttled_message()
            )
            return self.render_to_response(context, status=429)
        return super().form_valid(form)

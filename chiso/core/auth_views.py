"""Django's auth views with chiso's additions (the password change clears the first-login flag)."""

from django.contrib.auth import views as auth_views

from chiso.core import security


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = "/doi-mat-khau/xong/"

    def form_valid(self, form):
        response = super().form_valid(form)
        security.password_changed(self.request, self.request.user)
        return response

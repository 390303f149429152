from ninja.security import HttpBearer, django_auth

from chiso.api.services import token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal token from the profile or `chiso token`."""

    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Scripts send a token; the app's own pages (HTMX) may call the API with the session cookie.
API_AUTH = [BearerToken(), django_auth]

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header: no inline script anywhere on the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        return response


class FrenchFirstMiddleware:
    """French is the site's language whatever the browser asks for; English is chosen with the switcher
    (its cookie). Without this, LocaleMiddleware would follow the browser's Accept-Language header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

"""How many registrations one connection may send: each one sends an e-mail, so a bot filling the form with other
people's addresses must be stopped, but a room full of people on the venue's Wi-Fi (or everybody behind the
production proxy) shares one address and must not be.

Only registrations actually attempted (a valid form, registration open) count. Two ceilings per hour:
- per client address and e-mail: a few tries for one person, which is all a real person ever needs;
- per client address: generous, so a venue's Wi-Fi never reaches it while a bot still does."""

import hashlib

from django.conf import settings
from django.core.cache import cache

REGISTRATIONS_PER_ADDRESS_PER_HOUR = 200
REGISTRATIONS_PER_ADDRESS_AND_EMAIL_PER_HOUR = 5
WINDOW_SECONDS = 3600


def client_ip(request) -> str:
    """The visitor's address. Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appends the address it received
    the request from to X-Forwarded-For, so the client is the one the outermost trusted proxy wrote; whatever a
    client writes itself, further left, is ignored. Without a trusted proxy the header is never read."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def _count(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt starts a new window
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1


def registration_attempt_allowed(request, email: str) -> bool:
    """Counts one registration attempt from this client for this e-mail; False once either ceiling is passed."""
    ip = client_ip(request)
    person = hashlib.sha256(f"{ip}|{email.strip().lower()}".encode()).hexdigest()
    per_address = _count(f"events:registrations:ip:{ip}")
    per_person = _count(f"events:registrations:person:{person}")
    return per_address <= REGISTRATIONS_PER_ADDRESS_PER_HOUR and per_person <= REGISTRATIONS_PER_ADDRESS_AND_EMAIL_PER_HOUR

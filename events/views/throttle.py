"""How many registrations may be sent: each one sends an e-mail, so a bot filling the form with other people's
addresses must be stopped, but a room full of people on the venue's Wi-Fi (or everybody behind the production
proxy) shares one address and must not be.

allauth's rate limiting does the counting, as for logins and sign-ups: one mechanism, one reading of the client
address (`ALLAUTH_TRUSTED_PROXY_COUNT` says how many X-Forwarded-For entries to believe). The rates are the
`ACCOUNT_RATE_LIMITS["event_registration"]` setting, `REGISTRATION_RATE_LIMIT` below:
- per e-mail (the key): a few tries an hour, all a real person ever needs, and a victim's inbox is spared;
- per client address: generous, so a venue's Wi-Fi never reaches it while a bot still does.

Only registrations actually attempted (a valid form, registration open) count: the view asks only then."""

from allauth.core import ratelimit

REGISTRATION_ACTION = "event_registration"
# The line the settings hold (a system check warns when it is missing: without it nothing is limited).
REGISTRATION_RATE_LIMIT = "200/h/ip,5/h/key"


def registration_attempt_allowed(request, email: str) -> bool:
    """Counts one registration attempt from this client for this e-mail; False once either rate is passed."""
    return ratelimit.consume(request, action=REGISTRATION_ACTION, key=email.strip().lower())

"""Signing in a user who must prove a second factor (staff, committee members)."""


def login_with_second_factor(client, user):
    """Log a staff user in as if they had entered their TOTP code: the session carries allauth's own
    record of an MFA authentication (what recruitment.middleware checks)."""
    import time

    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client

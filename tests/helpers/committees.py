"""A committee's draw (the secret and its commitment) for the committees' tests."""

import hashlib

from committees import services

SECRET = "dice thrown before the observers: 4 2 6 1 3 5"
COMMITMENT = hashlib.sha256(SECRET.encode()).hexdigest()


def drawn(committee, hr_officer, *, secret=SECRET):
    draw = services.committee_draw_announce(
        committee=committee, commitment=hashlib.sha256(secret.encode()).hexdigest(), actor=hr_officer
    )
    return services.draw_perform(draw=draw, secret=secret, actor=hr_officer)

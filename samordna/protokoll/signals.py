"""Signals of the protokoll.

`minutes_adjusted` is sent once the action that completed the justering has committed (never when it
rolled back), with `sender=Minutes`, `minutes`, `meeting`, `user` and `version` (the ProtocolVersion all
adjusters confirmed). The anslag connects to it to post the notice::

    from samordna.protokoll.signals import minutes_adjusted
    minutes_adjusted.connect(post_anslag_receiver, dispatch_uid="samordna.publication.anslag")
"""

from django.dispatch import Signal

minutes_adjusted = Signal()

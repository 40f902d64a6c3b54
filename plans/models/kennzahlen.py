"""The dashboard's figures kept ready: one row per Jobcenter, team (or the
whole Jobcenter) and period, so that the page reads one row instead of
aggregating every plan version on each request (``plans.kennzahlen.vorrat``)."""

from __future__ import annotations

from django.db import models

from kooperation.models import Jobcenter, Team


class KennzahlenStand(models.Model):
    """The figures of one selection of the dashboard, as computed at
    ``berechnet_am`` for the day ``stichtag`` (before small counts are
    suppressed: that happens on every read, in one place)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+")
    monate = models.PositiveSmallIntegerField()
    stichtag = models.DateField()
    berechnet_am = models.DateTimeField()
    # Selections nobody has looked at for a while are no longer kept fresh.
    gelesen_am = models.DateTimeField()
    zahlen = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "monate"],
                condition=models.Q(team__isnull=True),
                name="kennzahlenstand_jobcenter_eindeutig",
            ),
            models.UniqueConstraint(
                fields=["jobcenter", "team", "monate"],
                condition=models.Q(team__isnull=False),
                name="kennzahlenstand_team_eindeutig",
            ),
        ]

    def __str__(self) -> str:
        return f"Kennzahlen {self.jobcenter_id}/{self.team_id or 'alle'}/{self.monate} Monate"


class KennzahlenAenderung(models.Model):
    """Something the figures of a Jobcenter count has changed since they were
    computed. Inserted in the transaction of the change (an insert takes no
    lock the figures' readers or other writers wait for); removed by the
    computation that has seen it."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    am = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Änderung der Kennzahlen {self.jobcenter_id} am {self.am:%d.%m.%Y %H:%M}"

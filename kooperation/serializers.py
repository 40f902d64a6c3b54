"""API representations of shared data: the Wiedervorlagen."""

from rest_framework import serializers

from .api_base import ModellSerializer
from .models import Wiedervorlage


class WiedervorlageSerializer(ModellSerializer):
    leistungsberechtigter = serializers.IntegerField(
        source="leistungsberechtigter_id",
        read_only=True,
        allow_null=True,
        help_text="Kennung der leistungsberechtigten Person, um die es geht (falls eine).",
    )

    class Meta:
        model = Wiedervorlage
        fields = [
            "id",
            "art",
            "faellig_am",
            "status",
            "zustaendig",
            "team",
            "leistungsberechtigter",
            "erledigt_am",
            "erstellt_am",
        ]
        read_only_fields = fields

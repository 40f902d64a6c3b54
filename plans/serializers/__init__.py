"""API serializers of plans: ``plan`` (what is read), ``eingaben`` (what the
services take), ``abstimmung`` (the Träger-Abstimmung)."""

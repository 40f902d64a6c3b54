"""The admin's start page and side navigation grouped by what the
Administration does daily (``kooperation.admin.VERWALTUNGSBEREICHE``)."""

from django import template
from django.contrib import admin

from kooperation.admin import verwaltungsbereiche

register = template.Library()


@register.simple_tag
def bereiche(app_list) -> list[dict]:
    return verwaltungsbereiche(app_list or [], admin.site)

"""How proposals are classified: categories (translated) and districts (per commune)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from core.admin_forms import CommuneModelForm


class Category(TranslatableMixin, models.Model):
    """A theme such as "Mobilité" or "Nature en ville", owned by one commune."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=250, blank=True)

    base_form_class = CommuneModelForm
    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A neighbourhood of one commune. Place names are not translated."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)

    base_form_class = CommuneModelForm
    panels = [FieldPanel("site"), FieldPanel("name")]

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="district_unique_name_per_site")
        ]

    def __str__(self):
        return self.name

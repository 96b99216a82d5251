"""The admin's image and document forms: uploads judged by their content.

Wagtail builds every form that takes an image or a document file (the edit and
add views, the multiple upload, the choosers' upload tab) on the base forms named
by ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``: these.

- An image goes through `core.uploads.sanitize_image` with the staff's rules, as a
  citizen's photo does with theirs: whatever Wagtail's image libraries raise on a
  damaged or hostile file (a truncated GIF, a renamed file) is an error on the
  field, never a 500.
- A document must contain what its extension says (`core.uploads.check_document`).
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import check_document, sanitize_image, staff_image_rules


class StaffImageField(WagtailImageField):
    """Wagtail's image field, whose upload is then checked and re-encoded."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # Willow and Pillow raise many kinds on hostile files
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        if upload is None:
            return None
        return sanitize_image(
            upload, field_name=getattr(upload, "field_name", "file"), rules=staff_image_rules()
        )


class AdminImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, StaffImageField):
            self.fields["file"] = StaffImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                help_text=field.help_text,
            )


class AdminDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_document(upload)
        return upload

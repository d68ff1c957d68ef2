"""Posting a file to a model's admin import page, as the back office's import tests do."""

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def upload(client, model, content: bytes, file_format, name: str):
    """Post a file to the model's admin import page, in the format chosen from the list."""
    formats = admin.site._registry[model].get_import_formats()
    index = next(i for i, known in enumerate(formats) if issubclass(known, file_format))
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
        {"resource": "0", "format": str(index), "import_file": SimpleUploadedFile(name, content)},
    )
